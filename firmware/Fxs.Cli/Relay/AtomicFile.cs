using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Fxs.Cli.Relay;

// A configuration file replaced whole or not at all: the new text goes to a temporary file beside it
// (same directory, so the same file system), is flushed to the medium, given the old file's mode and
// (when this process may: root) its owner and group, then renamed over it. A reader (the daemon at its
// start) sees the old file or the new one, never half of one; a power cut leaves one of the two.
internal static class AtomicFile
{
    public static void Replace(string path, string text)
    {
        // A symbolic link (e.g. /etc/fxs/relay.json -> a per-site file) stays one: its target is replaced.
        string target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".fxs-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
                KeepOwner(target, temp);
            }
            File.Move(temp, target, overwrite: true); // rename(2)
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            throw;
        }
    }

    // The old file's owner and group on the new one (a root-run fetch-key must leave root:fxs 0640 as
    // it was, or the daemon's user could no longer read its file). Only root can give a file away;
    // anyone else writes files they own already, and a chown to oneself is a no-op.
    private static void KeepOwner(string from, string to)
    {
        if (!OperatingSystem.IsLinux()) { return; }
        var buffer = new byte[StatxBytes];
        if (Statx(AtFdCwd, from, 0, StatxUid | StatxGid, buffer) != 0) { return; }
        uint uid = BitConverter.ToUInt32(buffer, StatxUidOffset);
        uint gid = BitConverter.ToUInt32(buffer, StatxGidOffset);
        if (Chown(to, uid, gid) != 0 && Marshal.GetLastPInvokeError() != EPerm)
        {
            throw new IOException("cannot give " + to + " the owner of " + from + " (errno " + Marshal.GetLastPInvokeError() + ")");
        }
    }

    // statx(2): its struct is the same on every architecture (unlike stat's), uid at byte 20, gid at 24.
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;
    private const int StatxBytes = 256;
    private const int StatxUidOffset = 20;
    private const int StatxGidOffset = 24;
    private const int EPerm = 1;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
