using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using Fxs.Backend.Lines;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Auth;

/// <summary>
/// Device authentication by the TLS client certificate (the seam of issue #4 item 3): Kestrel asks
/// for a certificate and accepts any (Hosting/Tls.cs); this handler then accepts a certificate only
/// when its SHA-256 fingerprint is pinned to a gateway in the provisioning file and it is within its
/// validity dates. The principal carries the gateway's device ID. Item 3 will replace the pin with
/// a device CA chain (and revocation) here, without touching the endpoints.
/// </summary>
public sealed class DeviceCertificateHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LineDirectory lines, TimeProvider time)
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
        if (gateway is null) { return AuthenticateResult.Fail("The client certificate is not pinned to a provisioned gateway."); }
        var identity = new ClaimsIdentity([new Claim(DeviceIdClaim, gateway.DeviceId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
