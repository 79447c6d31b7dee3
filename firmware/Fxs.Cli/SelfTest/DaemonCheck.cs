using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Fxs.Boards;
using Fxs.Cli.Run;
using Fxs.Core.Ivr;
using Fxs.Relay;
using Microsoft.Extensions.Logging;
using Fxs.Host.Calls;
using Fxs.Host.Prompts;
using Fxs.Core.Line;

namespace Fxs.Cli.SelfTest;

// The daemon as `fxs run` runs it (generic host, systemd integration, the line loop and the relay loop),
// on the sim board: the model phone sets a temporary password at full speed, the relay seals it (ECDH
// P-256 + AES-GCM through this machine's OpenSSL) into a scratch outbox whose backend refuses, and the
// host stops when the script is done. Passes when the daemon exits 0 with exactly one pending record
// in the outbox and the password nowhere in it in plaintext.
internal static class DaemonCheck
{
    private const string Name = "daemon";

    // Not a secret: the sim's own test password. Never printed.
    private const string Password = "27182818";

    private const string SimBoard = """{"name": "sim", "description": "selftest", "kind": "sim", "runtimes": ["linux-x64", "linux-arm64"], "echoDelayFrames": 1}""";

    private const string Script = """
        offhook
        wait 800
        dtmf 0363044747
        wait-guidance
        dtmf 1
        wait-guidance
        dtmf 27182818 secret
        wait-guidance
        dtmf 27182818 secret
        wait-guidance
        onhook
        """;

    public static SelfTestResult Run(string promptDirectory)
    {
        string dir = Path.Combine(Path.GetTempPath(), "fxs-selftest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string outboxPath = Path.Combine(dir, "outbox.db");
            var inputs = new DaemonInputs
            {
                Board = BoardFile.Parse(SimBoard, "sim.json"),
                Line = new LineConfiguration("0300001111", new[] { "0300002222" }, "0300001111", ServiceArea.East),
                Prompts = new PromptDirectory(promptDirectory),
                Relay = Relay(dir, outboxPath),
                PhoneScript = CallScript.Parse(new StringReader(Script)),
                RealTime = false,
                ExitAfterScript = true,
                DrainTimeout = TimeSpan.Zero, // the backend refuses: the record is to stay, not be waited for
                MinimumLevel = LogLevel.Critical,
            };
            int exit = GatewayDaemon.Run(inputs, CancellationToken.None);
            using var outbox = new Outbox(outboxPath);
            var rows = outbox.All();
            bool plaintext = rows.Count > 0 && rows[0].Body.Contains(Password, StringComparison.Ordinal);
            string found = "exit " + exit + ", " + rows.Count + " record(s) in the outbox"
                + (rows.Count > 0 ? " (" + rows[0].State.ToString().ToLowerInvariant() + ", sealed" + (plaintext ? " NOT: the password is in plaintext" : "") + ")" : "");
            if (exit != ExitCodes.Ok || rows.Count != 1 || rows[0].State != OutboxState.Pending || plaintext)
            {
                return SelfTestResult.Fail(Name, "expected exit 0 and 1 pending sealed record in the outbox, found " + found);
            }
            return SelfTestResult.Ok(Name, "`fxs run` on the sim board set a password and sealed it into the outbox (backend unreachable, record kept): " + found);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or DllNotFoundException
            or TypeInitializationException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or BoardFileException or Fxs.Core.Ivr.Prompts.PromptAudioException)
        {
            return SelfTestResult.Fail(Name, "expected the daemon to run and keep its record, found " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }

    // A fresh sealing key and device certificate; the backend a loopback port that refuses (port 9).
    private static RelayOptions Relay(string dir, string outboxPath)
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fxs-selftest", key, HashAlgorithmName.SHA256);
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string pfx = Path.Combine(dir, "device.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12));
        var options = new RelayOptions
        {
            DeviceId = "fxs-selftest",
            BackendUrl = new Uri("https://127.0.0.1:9/"),
            CarrierSealingKey = Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()),
            ClientCertificatePath = pfx,
            OutboxPath = outboxPath,
        };
        options.BackendSpkiSha256.Add(Convert.ToBase64String(new byte[32]));
        options.Validate();
        return options;
    }
}
