using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fxs.Relay;

namespace Fxs.Cli.Relay;

// `fxs relay check --relay F.json`: before the first call, everything the relay needs, tried for real:
// the file (its one loader), the client certificate, a TLS handshake judged by the pins, the device API
// taking the certificate (a GET of a record that does not exist: 404 once past authentication), and the
// sealing key being the backend's. One "ok"/"FAIL" line per check as `fxs selftest` prints them; exit 6
// when one failed. No record is sent, nothing is written.
public static class CheckCommand
{
    public static Command Create()
    {
        Option<FileInfo> relay = RelayCommand.RelayFile();
        var command = new Command("check",
            "Check a relay configuration against its backend: read the file, load the client certificate, TLS handshake with the backend "
            + "(its key must match a backendSpkiSha256 pin), the device API accepting the client certificate, carrierSealingKey being the "
            + "backend's. One 'ok' or 'FAIL' line per check; nothing is sent or stored. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.SelfTestFailed))
        {
            relay,
        };
        command.SetAction(parse => Run(parse.GetValue(relay)!.ToString(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string relayPath, TextWriter stdout, TextWriter stderr)
    {
        RelayOptions? options = RelayCommand.Load(relayPath, "check", stderr);
        if (options is null) { return ExitCodes.BadInput; }
        int passed = 0, failed = 0;
        void Line(bool ok, string name, string detail)
        {
            stdout.WriteLine((ok ? "ok   " : "FAIL ") + name + ": " + detail);
            if (ok) { passed++; } else { failed++; }
        }
        Checks(options, relayPath, Line, stdout.WriteLine);
        stdout.WriteLine("relay check: " + passed + " of " + (passed + failed) + " checks passed" + (failed == 0 ? "" : "; FAILED"));
        return failed == 0 ? ExitCodes.Ok : ExitCodes.SelfTestFailed;
    }

    /// <summary>
    /// Every check, each reported through <paramref name="line"/> (passed, name, detail); a line that is no
    /// check through <paramref name="note"/>. <paramref name="more"/>: further checks over the same pinned,
    /// mutual-TLS client once the sealing key is checked (`fxs selftest --board`'s dry-run record).
    /// </summary>
    internal static void Checks(RelayOptions options, string relayPath, Action<bool, string, string> line, Action<string> note,
        Action<HttpClient, Action<bool, string, string>>? more = null)
    {
        line(true, "relay file", relayPath + " (device " + options.DeviceId + ", backend " + options.BackendUrl + ", " + options.BackendSpkiSha256.Count + " pin(s))");

        X509Certificate2? certificate = ClientCertificate(options, line);
        try
        {
            bool connected = Handshake(options, certificate, line);
            if (connected)
            {
                options.InProcessRetries = 0; // a check says what one attempt found
                using var http = new HttpClient(RelaySender.CreateHandler(options, certificate), disposeHandler: true)
                {
                    BaseAddress = options.BackendUrl,
                    Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the handler's per-attempt timeout rules
                };
                DeviceApi(http, options, certificate, line);
                SealingKey(http, options, line);
                more?.Invoke(http, line);
            }
            else
            {
                note("--   device api, sealing key" + (more is null ? "" : ", dry run") + ": not tried without a TLS connection");
            }
        }
        finally
        {
            certificate?.Dispose();
        }
    }

    private static X509Certificate2? ClientCertificate(RelayOptions options, Action<bool, string, string> line)
    {
        const string Name = "client certificate";
        if (string.IsNullOrEmpty(options.ClientCertificatePath))
        {
            line(false, Name, "expected clientCertificatePath (a PKCS#12 file: the backend's device API wants a client certificate), found none");
            return null;
        }
        X509Certificate2 c;
        try { c = options.LoadClientCertificate()!; }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The message never holds the password (clientCertificatePassword).
            line(false, Name, "expected a PKCS#12 file with its key that clientCertificatePassword opens at " + options.ClientCertificatePath
                + ", found " + e.GetType().Name + ": " + RelayCommand.OneLine(e.Message));
            return null;
        }
        DateTime now = DateTime.UtcNow;
        if (!c.HasPrivateKey || now < c.NotBefore.ToUniversalTime() || now > c.NotAfter.ToUniversalTime())
        {
            line(false, Name, "expected a certificate with its private key, valid now (" + now.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)
                + "), found " + TlsProbe.Describe(c) + (c.HasPrivateKey ? "" : ", without its private key"));
            c.Dispose();
            return null;
        }
        line(true, Name, TlsProbe.Describe(c) + "; SHA-256 " + c.GetCertHashString(HashAlgorithmName.SHA256)
            + " (the backend's clientCertificateSha256 for " + options.DeviceId + ")");
        return c;
    }

    private static bool Handshake(RelayOptions options, X509Certificate2? certificate, Action<bool, string, string> line)
    {
        const string Name = "tls";
        Uri url = options.BackendUrl!;
        string where = url.IdnHost + ":" + url.Port;
        IReadOnlyList<byte[]> pins = options.Pins();
        try
        {
            using TlsProbeResult r = TlsProbe.Handshake(url, certificate, c => RelaySender.PinMatches(c, pins));
            line(true, Name, where + ", " + r.Protocol + ", the backend's key matches pin " + (PinIndex(r.ServerCertificate, options) + 1) + " of " + pins.Count
                + "; its certificate " + TlsProbe.Describe(r.ServerCertificate));
            return true;
        }
        catch (AuthenticationException e)
        {
            // The pin is what failed, or the TLS itself: say which, with the key the backend showed.
            try
            {
                using TlsProbeResult any = TlsProbe.Handshake(url, certificate, _ => true);
                if (PinIndex(any.ServerCertificate, options) < 0)
                {
                    line(false, Name, where + ": expected the backend's key to match a backendSpkiSha256 pin, found " + RelayOptions.SpkiPin(any.ServerCertificate)
                        + " (" + TlsProbe.Describe(any.ServerCertificate) + "; `fxs relay pin " + url + "` shows it)");
                    return false;
                }
            }
            catch (Exception again) when (again is AuthenticationException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Not the pin: the handshake fails whatever the key; said below.
            }
            line(false, Name, where + ": expected a TLS 1.2 or 1.3 handshake, found " + Describe(e));
            return false;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            line(false, Name, where + ": expected a TLS handshake within " + TlsProbe.TimeoutMs / 1000 + " s, found " + (e is OperationCanceledException ? "no answer" : Describe(e)));
            return false;
        }
    }

    // The first pin (0-based) the certificate's key matches, -1 for none.
    private static int PinIndex(X509Certificate2 certificate, RelayOptions options)
    {
        IReadOnlyList<byte[]> pins = options.Pins();
        for (int i = 0; i < pins.Count; i++)
        {
            if (RelaySender.PinMatches(certificate, new[] { pins[i] })) { return i; }
        }
        return -1;
    }

    private static void DeviceApi(HttpClient http, RelayOptions options, X509Certificate2? certificate, Action<bool, string, string> line)
    {
        const string Name = "device api";
        // A record ID that cannot exist: past the client certificate's authentication the backend answers 404.
        string path = "device/v1/records/fxs-relay-check-" + Guid.NewGuid().ToString("N");
        try
        {
            using HttpResponseMessage response = http.GetAsync(path).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                line(true, Name, "the backend accepts this client certificate (GET /" + path + ": 404, no such record, as expected)");
            }
            else if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                line(false, Name, "expected the backend to accept this client certificate, found " + (int)response.StatusCode + " " + response.StatusCode
                    + (certificate is null ? "" : ": provision gateway " + options.DeviceId + " with clientCertificateSha256 " + certificate.GetCertHashString(HashAlgorithmName.SHA256)));
            }
            else
            {
                line(false, Name, "expected GET /" + path + " to answer 404 (no such record), found " + (int)response.StatusCode + " " + response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            line(false, Name, "expected an answer to GET /" + path + ", found " + Describe(e));
        }
    }

    private static void SealingKey(HttpClient http, RelayOptions options, Action<bool, string, string> line)
    {
        const string Name = "sealing key";
        try
        {
            using HttpResponseMessage response = http.GetAsync("device/v1/sealing-key").GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                line(false, Name, "expected GET /device/v1/sealing-key to answer 200, found " + (int)response.StatusCode + " " + response.StatusCode);
                return;
            }
            using var doc = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            string scheme = doc.RootElement.GetProperty("scheme").GetString() ?? "";
            byte[] theirs = Convert.FromBase64String(doc.RootElement.GetProperty("publicKey").GetString() ?? "");
            bool same = CryptographicOperations.FixedTimeEquals(theirs, options.CarrierSealingKeySpki());
            if (same && scheme == Fxs.Relay.Sealing.PasswordSealing.Scheme)
            {
                line(true, Name, "carrierSealingKey is the backend's (" + scheme + ")");
            }
            else
            {
                line(false, Name, "expected the backend's key (" + Fxs.Relay.Sealing.PasswordSealing.Scheme + ") to be carrierSealingKey, found "
                    + (same ? "scheme " + scheme : "another key: " + Convert.ToBase64String(theirs)));
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or JsonException or KeyNotFoundException
            or InvalidOperationException or FormatException or Polly.Timeout.TimeoutRejectedException)
        {
            line(false, Name, "expected the backend's sealing key from GET /device/v1/sealing-key, found " + Describe(e));
        }
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) { parts.Add(x.GetType().Name + ": " + RelayCommand.OneLine(x.Message, 200)); }
        return string.Join(" <- ", parts);
    }
}
