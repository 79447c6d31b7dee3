using System;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Config;
using Fxs.Relay;

namespace Fxs.Cli.Relay;

// `fxs relay fetch-key --relay F.json`: the backend's sealing key, fetched over the channel the relay
// itself uses (mutual TLS, the backend's key judged by the pins: the one endpoint `relay check` compares
// with), written into the file's carrierSealingKey. Only that field's value changes in the file's text
// (JsonFieldEdit: comments, order and layout kept), and the file is replaced atomically with its mode
// and owner (AtomicFile). A key already there and equal is left alone: nothing is written.
public static class FetchKeyCommand
{
    private const string Field = "carrierSealingKey";

    public static Command Create()
    {
        Option<FileInfo> relay = RelayCommand.RelayFile();
        var command = new Command("fetch-key",
            "Fetch the backend's sealing key (GET /device/v1/sealing-key over mutual TLS, the backend's key checked against backendSpkiSha256) "
            + "and write it into the relay file's carrierSealingKey. The rest of the file is kept as written, comments included; the file is "
            + "replaced atomically (temporary file, then rename) with its mode, owner and group. The file's other fields must be right already "
            + "(carrierSealingKey may be missing). Exit " + ExitCodes.SelfTestFailed + ": the backend could not be reached or refused "
            + "(`fxs relay check` says why). " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed, ExitCodes.SelfTestFailed))
        {
            relay,
        };
        command.SetAction(parse => Run(parse.GetValue(relay)!.ToString(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string relayPath, TextWriter stdout, TextWriter stderr)
    {
        const string Me = "fxs relay fetch-key: ";
        RelayOptions options;
        try { options = RelayOptions.Load(relayPath, sealingKeyRequired: false); }
        catch (ConfigFileException e)
        {
            stderr.WriteLine(Me + e.Message);
            return ExitCodes.BadInput;
        }
        X509Certificate2? certificate;
        try { certificate = options.LoadClientCertificate(); }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The message never holds clientCertificatePassword.
            stderr.WriteLine(Me + relayPath + ": clientCertificatePath: expected a PKCS#12 file with its key that clientCertificatePassword opens, found "
                + e.GetType().Name + ": " + RelayCommand.OneLine(e.Message));
            return ExitCodes.BadInput;
        }

        byte[] spki;
        using (certificate)
        {
            options.InProcessRetries = 0; // one attempt: a person is waiting and `relay check` explains a failure
            using var http = new HttpClient(RelaySender.CreateHandler(options, certificate), disposeHandler: true)
            {
                BaseAddress = options.BackendUrl,
                Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the handler's per-attempt timeout rules
            };
            try { spki = RelaySender.FetchSealingKeyAsync(http).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or AuthenticationException
                or System.Text.Json.JsonException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException
                or FormatException or CryptographicException or Polly.Timeout.TimeoutRejectedException)
            {
                stderr.WriteLine(Me + "no sealing key from " + options.BackendUrl + "device/v1/sealing-key: " + Describe(e)
                    + " (`fxs relay check --relay " + relayPath + "` checks each step)");
                return ExitCodes.SelfTestFailed;
            }
        }

        string key = Convert.ToBase64String(spki);
        string pin = Convert.ToBase64String(SHA256.HashData(spki));
        if (options.CarrierSealingKey == key)
        {
            stdout.WriteLine(Field + " in " + relayPath + " is the backend's already (key SHA-256 " + pin + "); file not written");
            return ExitCodes.Ok;
        }
        try
        {
            string text = ConfigJson.ReadText(relayPath, "a readable relay configuration");
            AtomicFile.Replace(relayPath, JsonFieldEdit.SetString(text, Field, key));
        }
        catch (Exception e) when (e is ConfigFileException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(Me + relayPath + ": not written: " + RelayCommand.OneLine(e.Message));
            return ExitCodes.OutputFailed;
        }
        stdout.WriteLine(Field + " " + (options.CarrierSealingKey.Length == 0 ? "written to " : "replaced in ") + relayPath
            + ": the backend's key (" + Fxs.Relay.Sealing.PasswordSealing.Scheme + ", key SHA-256 " + pin + ")");
        return ExitCodes.Ok;
    }

    private static string Describe(Exception e)
    {
        var parts = new System.Collections.Generic.List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) { parts.Add(x.GetType().Name + ": " + RelayCommand.OneLine(x.Message, 200)); }
        return string.Join(" <- ", parts);
    }
}
