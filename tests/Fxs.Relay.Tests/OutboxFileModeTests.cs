using Fxs.Relay;

namespace Fxs.Relay.Tests;

/// <summary>Issue #13 item 5: the outbox (sealed passwords at rest) and its -wal and -shm are 0600, in a 0700 folder.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutboxFileModeTests
{
    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    [Fact]
    public void TheOutboxAndItsWalAndShmAre0600InA0700Folder()
    {
        string root = Directory.CreateTempSubdirectory("fxs-outbox-modes-").FullName;
        try
        {
            string path = Path.Combine(root, "state", "outbox.db");
            using (var outbox = new Outbox(path))
            {
                outbox.Add(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{}");
                Assert.True(File.Exists(path + "-wal") && File.Exists(path + "-shm"), "WAL mode");
                foreach (string f in new[] { path, path + "-wal", path + "-shm" }) { Assert.True(Mode(f) == "600", $"{Path.GetFileName(f)} is {Mode(f)}"); }
                Assert.Equal("700", Mode(Path.GetDirectoryName(path)!));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
