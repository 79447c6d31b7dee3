using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fxs.Backend.Hosting;

/// <summary>
/// The loopback server certificate when none is configured (Kestrel:Certificates:Default): a
/// self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, made with
/// CertificateRequest and kept as dev-tls.pfx in the data directory until 30 days before it expires.
/// No `dotnet dev-certs` and no trust store: clients pin it or skip validation on loopback.
/// </summary>
public static class DevCertificate
{
    public static X509Certificate2 LoadOrCreate(string directory, TimeProvider time)
    {
        string path = Path.Combine(directory, "dev-tls.pfx");
        if (File.Exists(path))
        {
            X509Certificate2 existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(30)) { return existing; }
            existing.Dispose();
        }
        X509Certificate2 created = Create("localhost", time.GetUtcNow(), serverAuth: true);
        Fxs.Relay.Sealing.PrivateFiles.WriteAllBytes(path, created.Export(X509ContentType.Pkcs12));
        return created;
    }

    /// <summary>A self-signed P-256 certificate (server: SAN localhost/127.0.0.1/::1; client: CN = device ID).</summary>
    public static X509Certificate2 Create(string commonName, DateTimeOffset now, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        using X509Certificate2 cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        // Round trip through PKCS#12 so the private key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
