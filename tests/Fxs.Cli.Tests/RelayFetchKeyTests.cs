using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Relay;

namespace Fxs.Cli.Tests;

// Issue #15 item 3: `fxs relay fetch-key --relay F.json` against the real backend in process (mutual TLS,
// as deployed): the key lands in carrierSealingKey, every other byte of the file (comments included) stays,
// the file's mode stays, and `fxs relay check` then passes.
public sealed class RelayFetchKeyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string BackendKey(DemoRunningBackendTests.RunningBackend backend)
    {
        using var sealing = new CarrierSealingKey(Path.Combine(backend.DataDirectory, "carrier-sealing-key.pem"));
        return Convert.ToBase64String(sealing.PublicKeySpki);
    }

    private static string Pin(DemoRunningBackendTests.RunningBackend backend)
    {
        using var server = DevCertificate.LoadOrCreate(backend.DataDirectory, TimeProvider.System);
        return RelayOptions.SpkiPin(server);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task AMissingKeyIsWrittenInPlaceKeepingCommentsLayoutAndMode()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        string relay = _dir.File("relay.json");
        string before = "// relay for the east office\n{\n  \"deviceId\": \"hgw-0001\", // as provisioned\n"
            + "  \"backendUrl\": \"https://127.0.0.1:" + device + "/\",\n"
            + "  /* the backend's key, taken with `fxs relay pin` */\n  \"backendSpkiSha256\": [\"" + Pin(backend) + "\",],\n"
            + "  \"clientCertificatePath\": \"" + backend.DevicePfx + "\",\n  \"outboxPath\": \"" + _dir.File("outbox.db") + "\",\n}\n";
        File.WriteAllText(relay, before);
        File.SetUnixFileMode(relay, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        CliResult r = FxsCli.Ok("relay", "fetch-key", "--relay", relay);

        string key = BackendKey(backend);
        string pin = Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(key)));
        Assert.Equal("carrierSealingKey written to " + relay + ": the backend's key (" + Fxs.Relay.Sealing.PasswordSealing.Scheme + ", key SHA-256 " + pin + ")",
            Assert.Single(r.StdoutLines));
        Assert.Empty(r.Stderr);
        string after = File.ReadAllText(relay);
        Assert.Equal(before.Replace("{\n", "{\n  \"carrierSealingKey\": \"" + key + "\",\n", StringComparison.Ordinal), after);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(relay));
        Assert.Single(Directory.GetFiles(_dir.Path, "*relay.json*")); // no temporary file left
        Assert.Equal(key, RelayOptions.Load(relay).CarrierSealingKey);
        Assert.Equal(0, FxsCli.Run("relay", "check", "--relay", relay).Exit);

        // Run again: the key is there, nothing is written.
        DateTime written = File.GetLastWriteTimeUtc(relay);
        CliResult again = FxsCli.Ok("relay", "fetch-key", "--relay", relay);
        Assert.Equal("carrierSealingKey in " + relay + " is the backend's already (key SHA-256 " + pin + "); file not written", Assert.Single(again.StdoutLines));
        Assert.Equal(written, File.GetLastWriteTimeUtc(relay));
    }

    [Fact]
    public async Task AnotherKeyIsReplacedWhereItIsWrittenInAnyCase()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        using var old = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string oldKey = Convert.ToBase64String(old.ExportSubjectPublicKeyInfo());
        string relay = _dir.File("relay.json");
        string before = "{ \"deviceId\": \"hgw-0001\", \"backendUrl\": \"https://127.0.0.1:" + device + "/\", \"backendSpkiSha256\": [\"" + Pin(backend) + "\"],\r\n"
            + "  \"CarrierSealingKey\": \"" + oldKey + "\" /* last year's */, \"clientCertificatePath\": \"" + backend.DevicePfx + "\",\r\n"
            + "  \"outboxPath\": \"" + _dir.File("outbox.db") + "\" }";
        File.WriteAllText(relay, before);

        CliResult r = FxsCli.Ok("relay", "fetch-key", "--relay", relay);

        Assert.StartsWith("carrierSealingKey replaced in " + relay + ": the backend's key", Assert.Single(r.StdoutLines), StringComparison.Ordinal);
        Assert.Equal(before.Replace(oldKey, BackendKey(backend), StringComparison.Ordinal), File.ReadAllText(relay));
    }

    [Fact]
    public void AnUnreachableBackendWritesNothingAndExits6()
    {
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        }
        string relay = _dir.File("relay.json");
        string before = "{ \"deviceId\": \"hgw-0001\", \"backendUrl\": \"https://127.0.0.1:" + port + "/\", \"backendSpkiSha256\": [\""
            + Convert.ToBase64String(new byte[32]) + "\"] }";
        File.WriteAllText(relay, before);

        CliResult r = FxsCli.Run("relay", "fetch-key", "--relay", relay);

        Assert.Equal(ExitCodes.SelfTestFailed, r.Exit);
        Assert.StartsWith("fxs relay fetch-key: no sealing key from https://127.0.0.1:" + port + "/device/v1/sealing-key: HttpRequestException", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(relay));
        Assert.Contains(ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed, ExitCodes.SelfTestFailed),
            FxsCli.Ok("relay", "fetch-key", "--help").Stdout.Replace("\n", " ").Replace("  ", " "));
    }
}
