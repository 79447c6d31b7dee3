using System;
using System.CommandLine;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Relay;

namespace Fxs.Cli.Relay;

// `fxs relay pin URL`: the backend's key pin for relay.json's backendSpkiSha256, after its certificate
// (subject, issuer, validity, SHA-256) so that a person can compare it with what the carrier published:
// the pin is taken on first use, and this command trusts nothing itself.
public static class PinCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "The backend's device API, https (relay.json's backendUrl)." };
        var command = new Command("pin",
            "Show the backend's certificate (subject, issuer, validity, SHA-256), then its key's pin: SHA-256 of its SubjectPublicKeyInfo, base64, "
            + "for relay.json's backendSpkiSha256. Nothing is verified: compare it with the pin the carrier published before trusting it. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            url,
        };
        command.SetAction(parse => Run(parse.GetValue(url)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string text, TextWriter stdout, TextWriter stderr)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
        {
            stderr.WriteLine("fxs relay pin: expected an https URL, found '" + text + "'");
            return ExitCodes.Usage;
        }
        X509Certificate2 certificate;
        try { certificate = TlsProbe.ShowServerCertificate(url); }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            stderr.WriteLine("fxs relay pin: " + url.IdnHost + ":" + url.Port + ": no certificate: "
                + (e is OperationCanceledException ? "no answer within " + TlsProbe.TimeoutMs / 1000 + " s" : e.GetType().Name + ": " + RelayCommand.OneLine(e.Message)));
            return ExitCodes.BadInput;
        }
        using (certificate)
        {
            stdout.WriteLine("certificate: " + TlsProbe.Describe(certificate) + "; SHA-256 " + certificate.GetCertHashString(HashAlgorithmName.SHA256));
            stdout.WriteLine("pin: " + RelayOptions.SpkiPin(certificate));
        }
        return ExitCodes.Ok;
    }
}
