using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using Fxs.Backend.Lines;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Auth;

/// <summary>
/// Device authentication by the TLS client certificate (issue #4): Kestrel asks for a certificate
/// and accepts any (Hosting/BackendSetup.cs); this handler then accepts a certificate within its
/// validity dates that either (a) is pinned by SHA-256 fingerprint to a gateway in the provisioning
/// file, or (b) chains to the provisioned device CA (<see cref="DeviceCa"/>; X509Chain with custom
/// root trust, only that CA trusted, revocation not checked), has the clientAuth EKU and whose
/// subject CN is a provisioned gateway's device ID. The principal carries that gateway's device ID.
/// </summary>
public sealed class DeviceCertificateHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LineDirectory lines, DeviceCa deviceCa, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DeviceCertificate";
    public const string DeviceIdClaim = "device_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        X509Certificate2? cert = Context.Connection.ClientCertificate ?? await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (cert is null) { return AuthenticateResult.NoResult(); }
        DateTime now = time.GetUtcNow().UtcDateTime;
        if (now < cert.NotBefore.ToUniversalTime() || now > cert.NotAfter.ToUniversalTime())
        {
            return AuthenticateResult.Fail("The client certificate is outside its validity dates.");
        }
        string fingerprint = cert.GetCertHashString(HashAlgorithmName.SHA256);
        Gateway? gateway = await lines.GatewayByCertificateAsync(fingerprint, Context.RequestAborted);
        if (gateway is null && deviceCa.Certificate is X509Certificate2 ca && ChainsToCa(cert, ca, now))
        {
            string? cn = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            gateway = string.IsNullOrEmpty(cn) ? null : await lines.GatewayAsync(cn, Context.RequestAborted);
            if (gateway is null) { return AuthenticateResult.Fail("The client certificate's CN is not a provisioned gateway."); }
        }
        if (gateway is null) { return AuthenticateResult.Fail("The client certificate is neither pinned to a provisioned gateway nor issued to one by the device CA."); }
        var identity = new ClaimsIdentity([new Claim(DeviceIdClaim, gateway.DeviceId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Issued (directly or through intermediates the chain finds) by <paramref name="ca"/> alone, valid at
    /// <paramref name="now"/>, with the clientAuth EKU. Revocation is not checked (the dev CA publishes no CRL/OCSP).
    /// </summary>
    public static bool ChainsToCa(X509Certificate2 cert, X509Certificate2 ca, DateTime now)
    {
        bool clientAuth = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.2"));
        if (!clientAuth) { return false; }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(cert)
            && chain.ChainElements.Count >= 2
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }
}
