using System;
using System.IO;

namespace Fxs.Relay.Sealing;

/// <summary>
/// Files that hold secrets or records at rest (issue #13 item 5): owner-only, mode 0600 in folders
/// of mode 0700, on both sides of the relay (the backend's database and keys, the gateway's outbox).
/// Files are created with their mode (no window at the umask's 0644); existing ones are tightened.
/// SQLite gives a database's -wal, -shm and -journal files the database file's own mode when it
/// creates them, so a database made here first keeps them 0600 too; <see cref="TightenSqlite"/>
/// fixes files an earlier version left open. No-ops on Windows (ACLs, not modes).
/// </summary>
public static class PrivateFiles
{
    /// <summary>0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="directory"/> (and missing parents) 0700; an existing one is tightened
    /// to 0700 only when <paramref name="tightenExisting"/> (a folder the program owns, never one
    /// such as /tmp that a configured path may name).
    /// </summary>
    public static void EnsureDirectory(string directory, bool tightenExisting = false)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(directory); return; }
        if (Directory.Exists(directory))
        {
            if (tightenExisting) { File.SetUnixFileMode(directory, DirectoryMode); }
            return;
        }
        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only: each missing one in turn.
        string full = Path.GetFullPath(directory);
        string? parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent)) { EnsureDirectory(parent); }
        Directory.CreateDirectory(full, DirectoryMode);
    }

    /// <summary>Makes the file 0600, creating it empty (and its missing folders 0700) when missing.</summary>
    public static void EnsureFile(string path)
    {
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (OperatingSystem.IsWindows()) { return; }
        if (File.Exists(path)) { File.SetUnixFileMode(path, FileMode); return; }
        using (new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode })) { }
    }

    /// <summary>Writes <paramref name="bytes"/> to a file that is 0600 from its creation on.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
            if (File.Exists(path)) { File.SetUnixFileMode(path, FileMode); }
        }
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }

    /// <summary>The database file (created empty when missing) and its -wal, -shm and -journal files (those that exist) to 0600.</summary>
    public static void TightenSqlite(string databasePath)
    {
        EnsureFile(databasePath);
        if (OperatingSystem.IsWindows()) { return; }
        foreach (string suffix in new[] { "-wal", "-shm", "-journal" })
        {
            if (File.Exists(databasePath + suffix)) { File.SetUnixFileMode(databasePath + suffix, FileMode); }
        }
    }
}
