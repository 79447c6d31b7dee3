using Xunit.Abstractions;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Fxs.Relay.Tests;

/// <summary>
/// A child process writes records through the IVR and the sink and is SIGKILLed at random
/// moments; every record it had acknowledged (Accept returned) must be in the reopened outbox,
/// which must pass SQLite's integrity check. SIGKILL loses the process, not the kernel's page
/// cache, so this proves crash consistency of the commit protocol (WAL); durability against a
/// real power cut rests on synchronous=FULL (fsync of the WAL at every commit), not tested here.
/// </summary>
public sealed class PowerCutTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-relay-cut-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task KilledAtRandomMomentsTheOutboxKeepsEveryAcknowledgedRecord()
    {
        using var carrier = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string key = Convert.ToBase64String(carrier.PublicKey.ExportSubjectPublicKeyInfo());
        var acknowledged = new HashSet<string>();
        var random = new Random(4);
        int caughtMidCommit = 0;
        for (int round = 0; round < 6; round++)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "exec", typeof(ChildProcess).Assembly.Location, "outbox-writer", _dir, key }) { start.ArgumentList.Add(a); }
            using Process child = Process.Start(start)!;
            int target = 3 + random.Next(20);
            int seen = 0;
            var lines = new List<string>();
            while (seen < target && await child.StandardOutput.ReadLineAsync() is string line)
            {
                lines.Add(line);
                seen++;
            }
            await Task.Delay(random.Next(0, 30)); // somewhere inside the next record's Accept, or between two
            child.Kill(entireProcessTree: true);  // SIGKILL
            await child.WaitForExitAsync();
            string rest = await child.StandardOutput.ReadToEndAsync();
            lines.AddRange(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.True(seen == target, "child stopped early: " + await child.StandardError.ReadToEndAsync());
            acknowledged.UnionWith(lines);

            using var outbox = new Outbox(Path.Combine(_dir, "outbox.db"));
            var stored = outbox.All().Select(r => r.RecordId).ToHashSet();
            Assert.Subset(stored, acknowledged);
            Assert.InRange(stored.Count - acknowledged.Count, 0, 1); // at most the record being acknowledged when killed
            caughtMidCommit += stored.Count - acknowledged.Count;
            acknowledged.UnionWith(stored);
            using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "outbox.db")};Pooling=False");
            c.Open();
            using SqliteCommand check = c.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }
        Assert.True(acknowledged.Count >= 18);
        output.WriteLine($"{acknowledged.Count} records over 6 kills; {caughtMidCommit} kill(s) between a commit and its acknowledgement");
    }
}
