using System.Diagnostics;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 7: the power-loss shim (PowerLoss/powerloss.c, an LD_PRELOAD library built here
/// with Debian's cc) and its rollback. A process started with <see cref="Environment"/> journals,
/// for each file under <see cref="Prefix"/>, the bytes every write or truncate replaces since the
/// file's last fsync/fdatasync (FILE.undo, written before the change). After the process is cut
/// (SIGKILL), <see cref="Rollback"/> puts each file back to its last synced state and deletes
/// SQLite's -shm (the wal-index, rebuilt by the next opener): what the page cache held and the
/// medium did not is gone, as after a power cut.
/// </summary>
public sealed class PowerLossShim
{
    private PowerLossShim(string library, string prefix)
    {
        Library = library;
        Prefix = prefix;
    }

    /// <summary>The built shim (.so).</summary>
    public string Library { get; }

    /// <summary>Files whose path begins with this are journaled.</summary>
    public string Prefix { get; }

    /// <summary>Cuts after which unsynced writes were thrown away, and how many bytes they had changed or added.</summary>
    public int CutsThatLostWrites { get; private set; }

    public long BytesLost { get; private set; }

    /// <summary>Builds the shim into <paramref name="dir"/> (cc -shared); it journals the files beginning with <paramref name="prefix"/>.</summary>
    public static PowerLossShim Build(string dir, string prefix)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "PowerLoss", "powerloss.c");
        string library = Path.Combine(dir, "powerloss.so");
        var start = new ProcessStartInfo("cc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl", "-lpthread" }) { start.ArgumentList.Add(a); }
        using Process cc = Process.Start(start)!;
        string errors = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        Assert.True(cc.ExitCode == 0 && File.Exists(library), "cc could not build the power-loss shim: " + errors);
        return new PowerLossShim(library, prefix);
    }

    /// <summary>The environment a process needs to run under the shim.</summary>
    public void Apply(ProcessStartInfo start)
    {
        start.Environment["LD_PRELOAD"] = Library;
        start.Environment["FXS_POWERLOSS_PREFIX"] = Prefix;
    }

    /// <summary>After a cut: every journaled file back to its last synced content; the -shm files gone. Returns the bytes thrown away.</summary>
    public long Rollback()
    {
        string dir = Path.GetDirectoryName(Prefix)!;
        long lost = 0;
        foreach (string undo in Directory.GetFiles(dir, Path.GetFileName(Prefix) + "*.undo"))
        {
            string target = undo[..^".undo".Length];
            if (File.Exists(target)) { lost += Undo(target, File.ReadAllBytes(undo)); }
            File.Delete(undo);
        }
        foreach (string shm in Directory.GetFiles(dir, Path.GetFileName(Prefix) + "*-shm")) { File.Delete(shm); }
        if (lost > 0)
        {
            CutsThatLostWrites++;
            BytesLost += lost;
        }
        return lost;
    }

    // Applies FILE.undo to FILE: 'B' records (old bytes) newest first, then the size at the last sync ('S').
    private static long Undo(string target, byte[] log)
    {
        if (log.Length < 9 || log[0] != (byte)'S') { return 0; } // cut before the first record was whole: nothing was changed yet
        long syncedSize = BitConverter.ToInt64(log, 1);
        var records = new List<(long Offset, int Start, int Length)>();
        int at = 9;
        while (at + 17 <= log.Length && log[at] == (byte)'B')
        {
            long offset = BitConverter.ToInt64(log, at + 1);
            long length = BitConverter.ToInt64(log, at + 9);
            if (at + 17 + length > log.Length) { break; } // cut while journaling: its write had not happened
            records.Add((offset, at + 17, (int)length));
            at += 17 + (int)length;
        }
        using var file = new FileStream(target, FileMode.Open, FileAccess.ReadWrite);
        long sizeAtCut = file.Length;
        long changed = 0;
        for (int i = records.Count - 1; i >= 0; i--)
        {
            (long offset, int start, int length) = records[i];
            file.Position = offset;
            file.Write(log, start, length);
            changed += length;
        }
        file.SetLength(syncedSize);
        return changed + Math.Max(0, sizeAtCut - syncedSize);
    }
}
