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

    // The file format is JsonSerializerDefaults.Web (as before the source-generated context): names in
    // any case, numbers also as strings, durations as "hh:mm:ss"; a file that writes the options with
    // the reflection serializer's Web options (the power-cut test does) reads back the same.
    [Fact]
    public void TheSourceGeneratedReaderKeepsTheWebFormat()
    {
        using var backend = new RelayBackend();
        string path = Path.Combine(backend.DataDirectory, "relay-web.json");
        File.WriteAllText(path, $$"""
            { "DeviceID": "hgw-0002", "BACKENDURL": "{{backend.Url}}",
              "backendSpkiSha256": ["{{RelayOptions.SpkiPin(backend.ServerCertificate)}}"],
              "carrierSealingKey": "{{Convert.ToBase64String(backend.SealingKeySpki)}}",
              "inProcessRetries": "5", "pollInterval": "00:00:01.5" }
            """);
        RelayOptions o = RelayOptions.Load(path);
        Assert.Equal("hgw-0002", o.DeviceId);
        Assert.Equal(5, o.InProcessRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), o.MaxRetryDelay); // absent: the default (issue #12: minutes, not an hour)

        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(o, System.Text.Json.JsonSerializerOptions.Web));
        RelayOptions again = RelayOptions.Load(path);
        Assert.Equal(o.BackendUrl, again.BackendUrl);
        Assert.Equal(o.BackendSpkiSha256, again.BackendSpkiSha256);
        Assert.Equal(o.PollInterval, again.PollInterval);
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
