using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Backend.Passwords;
using Fxs.Relay;

namespace Fxs.Cli.Tests;

// Issue #15 item 3: `fxs relay check --relay F.json` against the real backend in process (its device
// API's listener requires a client certificate, as deployed): each check one line, exit 6 when one fails.
public sealed class RelayCheckTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string RelayFile(Uri backend, string pin, string sealingKey, string? pfx)
    {
        string path = _dir.File("relay-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ \"deviceId\": \"hgw-0001\", \"backendUrl\": \"" + backend + "\", "
            + "\"backendSpkiSha256\": [\"" + pin + "\"], \"carrierSealingKey\": \"" + sealingKey + "\", "
            + (pfx is null ? "" : "\"clientCertificatePath\": \"" + pfx + "\", ")
            + "\"outboxPath\": \"" + _dir.File("outbox.db") + "\" }");
        return path;
    }

    private static (string Pin, string SealingKey) BackendKeys(DemoRunningBackendTests.RunningBackend backend)
    {
        using X509Certificate2 server = DevCertificate.LoadOrCreate(backend.DataDirectory, TimeProvider.System);
        using var sealing = new CarrierSealingKey(Path.Combine(backend.DataDirectory, "carrier-sealing-key.pem"));
        return (RelayOptions.SpkiPin(server), Convert.ToBase64String(sealing.PublicKeySpki));
    }

    [Fact]
    public async Task EveryCheckPassesAgainstTheBackendThatProvisionedThisGateway()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        (string pin, string key) = BackendKeys(backend);
        var url = new Uri($"https://127.0.0.1:{device}/");
        string relay = RelayFile(url, pin, key, backend.DevicePfx);

        CliResult r = FxsCli.Run("relay", "check", "--relay", relay);

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal(6, r.StdoutLines.Length);
        Assert.StartsWith("ok   relay file: " + relay + " (device hgw-0001, backend " + url + ", 1 pin(s))", r.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("ok   client certificate: CN=hgw-0001", r.StdoutLines[1], StringComparison.Ordinal);
        Assert.StartsWith($"ok   tls: 127.0.0.1:{device}, Tls1", r.StdoutLines[2], StringComparison.Ordinal);
        Assert.Contains("the backend's key matches pin 1 of 1", r.StdoutLines[2]);
        Assert.StartsWith("ok   device api: the backend accepts this client certificate (GET /device/v1/records/fxs-relay-check-", r.StdoutLines[3], StringComparison.Ordinal);
        Assert.Equal("ok   sealing key: carrierSealingKey is the backend's (" + Fxs.Relay.Sealing.PasswordSealing.Scheme + ")", r.StdoutLines[4]);
        Assert.Equal("relay check: 5 of 5 checks passed", r.StdoutLines[5]);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public async Task AWrongPinFailsTheHandshakeAndShowsTheBackendsKey()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        (string pin, string key) = BackendKeys(backend);
        string relay = RelayFile(new Uri($"https://127.0.0.1:{device}/"), Convert.ToBase64String(new byte[32]), key, backend.DevicePfx);

        CliResult r = FxsCli.Run("relay", "check", "--relay", relay);

        Assert.Equal(ExitCodes.SelfTestFailed, r.Exit);
        Assert.Single(r.StdoutLines, l => l.StartsWith($"FAIL tls: 127.0.0.1:{device}: expected the backend's key to match a backendSpkiSha256 pin, found {pin} (", StringComparison.Ordinal));
        Assert.Contains("--   device api, sealing key: not tried without a TLS connection", r.StdoutLines);
        Assert.Equal("relay check: 2 of 3 checks passed; FAILED", r.StdoutLines[^1]);
    }

    [Fact]
    public async Task AnUnprovisionedCertificateAndAnotherSealingKeyEachFailTheirCheck()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        (string pin, _) = BackendKeys(backend);
        using X509Certificate2 stranger = DevCertificate.Create("hgw-0001", DateTimeOffset.UtcNow, serverAuth: false);
        string pfx = _dir.File("stranger.pfx");
        File.WriteAllBytes(pfx, stranger.Export(X509ContentType.Pkcs12));
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string relay = RelayFile(new Uri($"https://127.0.0.1:{device}/"), pin, Convert.ToBase64String(other.ExportSubjectPublicKeyInfo()), pfx);

        CliResult r = FxsCli.Run("relay", "check", "--relay", relay);

        Assert.Equal(ExitCodes.SelfTestFailed, r.Exit);
        Assert.Single(r.StdoutLines, l => l.StartsWith("ok   tls: ", StringComparison.Ordinal));
        Assert.Single(r.StdoutLines, l => l.StartsWith("FAIL device api: expected the backend to accept this client certificate, found 40", StringComparison.Ordinal)
            && l.EndsWith("provision gateway hgw-0001 with clientCertificateSha256 " + stranger.GetCertHashString(HashAlgorithmName.SHA256), StringComparison.Ordinal));
        Assert.Single(r.StdoutLines, l => l.StartsWith("FAIL sealing key: expected the backend's key", StringComparison.Ordinal));
        Assert.Equal("relay check: 3 of 5 checks passed; FAILED", r.StdoutLines[^1]);
    }

    [Fact]
    public void NoBackendListeningAndNoClientCertificateAreFailedChecks()
    {
        int port = LoopbackPorts.Free(); // nothing listens there
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string relay = RelayFile(new Uri($"https://127.0.0.1:{port}/"), Convert.ToBase64String(new byte[32]), Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()), null);

        CliResult r = FxsCli.Run("relay", "check", "--relay", relay);

        Assert.Equal(ExitCodes.SelfTestFailed, r.Exit);
        Assert.StartsWith("FAIL client certificate: expected clientCertificatePath", r.StdoutLines[1], StringComparison.Ordinal);
        Assert.StartsWith($"FAIL tls: 127.0.0.1:{port}: expected a TLS handshake within 10 s, found SocketException", r.StdoutLines[2], StringComparison.Ordinal);
        Assert.Contains(ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.SelfTestFailed),
            FxsCli.Ok("relay", "check", "--help").Stdout.Replace("\n", " ").Replace("  ", " "));
    }

    [Fact]
    public async Task PinShowsTheCertificateThenThePinRelayCheckAccepts()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);
        (string pin, string key) = BackendKeys(backend);

        // The device API's listener wants a client certificate, which `relay pin` does not offer: its certificate is shown all the same.
        CliResult r = FxsCli.Ok("relay", "pin", $"https://127.0.0.1:{device}/");

        Assert.Equal(2, r.StdoutLines.Length);
        Assert.StartsWith("certificate: CN=localhost, issued by itself, valid ", r.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal("pin: " + pin, r.StdoutLines[1]);
        string relay = RelayFile(new Uri($"https://127.0.0.1:{device}/"), r.StdoutLines[1].Substring("pin: ".Length), key, backend.DevicePfx);
        Assert.Equal(0, FxsCli.Run("relay", "check", "--relay", relay).Exit);
    }

    [Fact]
    public void PinRefusesAnHttpUrlAndSaysWhenNothingAnswers()
    {
        CliResult http = FxsCli.Run("relay", "pin", "http://127.0.0.1:9/");
        Assert.Equal(ExitCodes.Usage, http.Exit);
        Assert.Equal("fxs relay pin: expected an https URL, found 'http://127.0.0.1:9/'", Assert.Single(http.StderrLines));

        int port = LoopbackPorts.Free(); // nothing listens there
        CliResult closed = FxsCli.Run("relay", "pin", $"https://127.0.0.1:{port}/");
        Assert.Equal(ExitCodes.BadInput, closed.Exit);
        Assert.StartsWith($"fxs relay pin: 127.0.0.1:{port}: no certificate: SocketException", Assert.Single(closed.StderrLines), StringComparison.Ordinal);
        Assert.Empty(closed.Stdout);
    }
}
