using System.Net;
using Fxs.Relay.Sealing;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #13 item 5: what the backend keeps is owner-only: every file in its data folder 0600
/// (backend.db and its -wal and -shm, the keys, the certificate), every folder 0700. SQLite only:
/// on PostgreSQL the data folder keeps the same key files, and the database is the server's.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests : IDisposable
{
    private readonly BackendApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    [Fact]
    public async Task EveryDataFileIs0600InA0700Folder()
    {
        await _app.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "12345678");
        string db = Path.Combine(_app.DataDirectory, "backend.db");
        // SQLite deletes -wal and -shm when the database's last connection closes, and a test beside
        // this one may close the backend's idle pooled connections (SqliteConnection.ClearAllPools is
        // process-wide): this connection, never pooled, keeps them while they are looked at.
        using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using (var read = holder.CreateCommand()) { read.CommandText = "SELECT count(*) FROM sqlite_master;"; read.ExecuteScalar(); }
        using Browser browser = _app.Browser();
        using HttpResponseMessage r = await browser.LoginAsync(BackendApp.Contract, "12345678"); // sessions written, antiforgery key made
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.True(File.Exists(db + "-wal") && File.Exists(db + "-shm"), "the database runs in WAL mode");
        string[] files = Directory.GetFiles(_app.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f) == "key-ring.key"); // the key ring itself is in the database (issue #17)
        // Not the backend's: the provisioning file and the public device CA certificate the test wrote there.
        string[] inputs = ["provisioning.json", "device-ca.pem"];
        Assert.All(files.Where(f => !inputs.Contains(Path.GetFileName(f))),
            f => Assert.True(Mode(f) == "600", $"{Path.GetRelativePath(_app.DataDirectory, f)} is {Mode(f)}"));
        foreach (string dir in Directory.GetDirectories(_app.DataDirectory, "*", SearchOption.AllDirectories).Append(_app.DataDirectory))
        {
            Assert.True(Mode(dir) == "700", $"{dir} is {Mode(dir)}");
        }
    }

    [Fact]
    public void ADatabaseLeftOpenByAnEarlierVersionIsTightened()
    {
        string dir = Directory.CreateTempSubdirectory("fxs-modes-").FullName;
        try
        {
            string db = Path.Combine(dir, "old.db");
            foreach (string f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.WriteAllBytes(f, []);
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            PrivateFiles.TightenSqlite(db);
            Assert.All(new[] { db, db + "-wal", db + "-shm" }, f => Assert.Equal("600", Mode(f)));
            string fresh = Path.Combine(dir, "new", "sub", "fresh.db");
            PrivateFiles.TightenSqlite(fresh);
            Assert.Equal("600", Mode(fresh));
            Assert.Equal("700", Mode(Path.GetDirectoryName(fresh)!));
            Assert.Equal("700", Mode(Path.Combine(dir, "new")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
