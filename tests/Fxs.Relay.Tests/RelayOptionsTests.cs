using Fxs.Config;
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

        // One fault at a time, each naming the field and what was expected (docs/configuration.md).
        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "backendUrl": "http://x/", "backendSpkiSha256": ["nope"], "carrierSealingKey": "AAAA" }""");
        Assert.Equal(path + ": backendUrl: expected an https URL, found \"http://x/\"", Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path)).Message);
        // Empty (the Debian package's example relay.json) or relative: a fault, not an internal error.
        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "backendUrl": "", "backendSpkiSha256": ["nope"], "carrierSealingKey": "AAAA" }""");
        Assert.Equal(path + ": backendUrl: expected an https URL, found \"\"", Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path)).Message);
        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "backendUrl": "https://x/", "backendSpkiSha256": ["nope"], "carrierSealingKey": "AAAA" }""");
        Assert.Equal(path + ": backendSpkiSha256[0]: expected a SHA-256 (base64, or 64 hex digits), found 'nope'", Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path)).Message);
        File.WriteAllText(path, $$"""{ "deviceId": "hgw-0001", "backendUrl": "https://x/", "backendSpkiSha256": ["{{new string('0', 64)}}"], "carrierSealingKey": "AAAA" }""");
        Assert.Equal("carrierSealingKey", Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path)).Field);
    }

    // Issue #14: one policy for every configuration file. A typo is an error with the closest known name.
    [Fact]
    public void ATypoInAFieldIsAnErrorWithASuggestion()
    {
        using var backend = new RelayBackend();
        string path = Path.Combine(backend.DataDirectory, "relay-typo.json");
        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "outboxPth": "/var/lib/fxs/outbox.db" }""");

        var e = Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path));

        Assert.Equal("outboxPth", e.Field);
        Assert.EndsWith("found unknown field \"outboxPth\" (did you mean \"outboxPath\"?)", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": outboxPth: expected one of the fields deviceId, backendUrl,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommentsAndTrailingCommasParse()
    {
        using var backend = new RelayBackend();
        string path = Path.Combine(backend.DataDirectory, "relay-commented.json");
        File.WriteAllText(path, $$"""
            // The relay of gateway hgw-0001 (docs/configuration.md).
            { "deviceId": "hgw-0001", /* as provisioned */ "backendUrl": "{{backend.Url}}",
              "backendSpkiSha256": ["{{RelayOptions.SpkiPin(backend.ServerCertificate)}}",],
              "carrierSealingKey": "{{Convert.ToBase64String(backend.SealingKeySpki)}}", }
            """);

        Assert.Equal("hgw-0001", RelayOptions.Load(path).DeviceId);
    }

    [Fact]
    public void AValueOfTheWrongTypeNamesWhatWasExpected()
    {
        using var backend = new RelayBackend();
        string path = Path.Combine(backend.DataDirectory, "relay-type.json");
        File.WriteAllText(path, """{ "deviceId": "hgw-0001", "pollInterval": 5 }""");

        var e = Assert.Throws<ConfigFileException>(() => RelayOptions.Load(path));

        Assert.Equal(path + ": pollInterval: expected a duration \"hh:mm:ss\" (e.g. \"00:00:30\"), found 5", e.Message);
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
