using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace Fxs.Cli.Relay;

/// <summary>What one TLS handshake with the backend showed: its leaf certificate and the protocol agreed.</summary>
internal sealed record TlsProbeResult(X509Certificate2 ServerCertificate, SslProtocols Protocol) : IDisposable
{
    public void Dispose() => ServerCertificate.Dispose();
}

// One TLS handshake with the backend, on the settings the relay's sender uses (TLS 1.2 or 1.3, no
// revocation check, the device's client certificate offered), without HTTP: `relay check` judges the
// backend's key by the pins, `relay pin` shows it before anyone has pinned it.
internal static class TlsProbe
{
    /// <summary>Connect and handshake time limit, ms (the sender's connect timeout is 10 s too).</summary>
    public const int TimeoutMs = 10_000;

    /// <summary>
    /// Handshakes with <paramref name="backend"/>'s host and port (443 by default). <paramref name="accept"/>
    /// judges the server's leaf certificate (false ends the handshake with an <see cref="AuthenticationException"/>).
    /// Throws <see cref="SocketException"/>, <see cref="AuthenticationException"/>, <see cref="System.IO.IOException"/>
    /// or <see cref="OperationCanceledException"/> (the time limit).
    /// </summary>
    public static TlsProbeResult Handshake(Uri backend, X509Certificate2? clientCertificate, Func<X509Certificate, bool> accept)
    {
        using var limit = new CancellationTokenSource(TimeoutMs);
        using var tcp = new TcpClient();
        tcp.ConnectAsync(backend.IdnHost, backend.Port, limit.Token).AsTask().GetAwaiter().GetResult();
        using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        X509Certificate2? seen = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = backend.IdnHost,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) { return false; }
                seen = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return accept(certificate);
            },
        };
        try
        {
            tls.AuthenticateAsClientAsync(options, limit.Token).GetAwaiter().GetResult();
        }
        catch
        {
            seen?.Dispose();
            throw;
        }
        return new TlsProbeResult(seen ?? throw new AuthenticationException("the backend sent no certificate"), tls.SslProtocol);
    }

    /// <summary>
    /// The backend's leaf certificate as its handshake shows it, judged by nothing: a device API that then
    /// ends the handshake for want of a client certificate has shown it already. Throws as <see cref="Handshake"/>
    /// when no certificate came.
    /// </summary>
    public static X509Certificate2 ShowServerCertificate(Uri backend)
    {
        X509Certificate2? shown = null;
        try
        {
            using TlsProbeResult r = Handshake(backend, null, c =>
            {
                shown = X509CertificateLoader.LoadCertificate(c.GetRawCertData());
                return true;
            });
        }
        catch (Exception e) when (shown is not null && e is AuthenticationException or System.IO.IOException)
        {
            // The server ended the handshake after its certificate (e.g. no client certificate offered).
        }
        return shown!;
    }

    /// <summary>A certificate for people: subject, issuer, validity (UTC), one line.</summary>
    public static string Describe(X509Certificate2 c) =>
        c.Subject + ", issued by " + (c.Issuer == c.Subject ? "itself" : c.Issuer) + ", valid "
        + c.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) + " to "
        + c.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
