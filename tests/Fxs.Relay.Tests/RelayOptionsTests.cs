using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

public sealed class RelayOptionsTests
{
    [Fact]
    public void TheConfigurationFileLoadsAndIsChecked()
    {
        using var backend = new RelayBackend();
        string path = Path.Combine(backend.DataDirectory, "relay.json");
        File.WriteAllText(path, $$"""
            { "deviceId": "hgw-0001", "backendUrl": "{{backend.Url}}",
              "backendSpkiSha256": ["{{RelayOptions.SpkiPin(backend.ServerCertificate)}}"],
              "carrierSealingKey": "{{Convert.ToBase64String(backend.SealingKeySpki)}}",
              "outboxPath": "outbox.db", "baseRetryDelay": "00:00:10" }
            """);
        RelayOptions o = RelayOptions.Load(path);
        Assert.Equal("hgw-0001", o.DeviceId);
        Assert.Equal(TimeSpan.FromSeconds(10), o.BaseRetryDelay);
        Assert.Single(o.Pins());

        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "backendUrl": "http://x/", "backendSpkiSha256": ["nope"], "carrierSealingKey": "AAAA" }""");
        var e = Assert.Throws<InvalidDataException>(() => RelayOptions.Load(path));
        Assert.Contains("https", e.Message);
        Assert.Contains("nope", e.Message);
        Assert.Contains("carrierSealingKey", e.Message);
    }

    [Fact]
    public void TheBackoffDoublesWithJitterUpToItsCap()
    {
        var o = new RelayOptions { BaseRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1), BackendSpkiSha256 = [] };
        using var dir = new TempDir();
        using var outbox = new Outbox(Path.Combine(dir.Path, "o.db"));
        using var sender = new RelaySender(outbox, new RelayOptions
        {
            DeviceId = "d", BackendUrl = new Uri("https://127.0.0.1:1/"), BackendSpkiSha256 = [new string('0', 64)],
            BaseRetryDelay = o.BaseRetryDelay, MaxRetryDelay = o.MaxRetryDelay,
        }, new FakeTimeProvider(), null);
        for (int attempts = 0; attempts < 40; attempts++)
        {
            double full = Math.Min(3600, 30 * Math.Pow(2, Math.Min(attempts, 30)));
            for (int i = 0; i < 20; i++)
            {
                double s = sender.NextDelay(attempts).TotalSeconds;
                Assert.InRange(s, full / 2, full);
            }
        }
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("fxs-relay-o-").FullName;
        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(Path, true); } catch (IOException) { }
        }
    }
}
