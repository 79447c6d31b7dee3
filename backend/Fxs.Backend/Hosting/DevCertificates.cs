using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Backend.Provisioning;

namespace Fxs.Backend.Hosting;

/// <summary>
/// A dev device CA and device certificates (issue #4: the carrier's CA stand-in for tests and the
/// demo), made with CertificateRequest: CA ECDSA P-256 for 5 years; each device ECDSA P-256 for 1
/// year with the clientAuth EKU and CN = device ID. Used by `dev-certs` (Cake target DevCerts) and the tests.
/// </summary>
public static class DevCertificates
{
    public const string CaCertificateFile = "device-ca.pem";
    public const string CaPkcs12File = "device-ca.pfx";
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>The dev device CA (with its private key), valid from 5 minutes before <paramref name="now"/> for 5 years.</summary>
    public static X509Certificate2 CreateCa(DateTimeOffset now, string name = "Fxs dev device CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using X509Certificate2 cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A device certificate (with its private key) issued by <paramref name="ca"/>: CN = <paramref name="deviceId"/>.</summary>
    public static X509Certificate2 IssueDevice(X509Certificate2 ca, string deviceId, DateTimeOffset notBefore, DateTimeOffset notAfter, bool clientAuth = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedNameBuilder().Also(b => b.AddCommonName(deviceId)).Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(clientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(ca, notBefore, notAfter, serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        // Round trip through PKCS#12 so the private key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// Writes a new dev CA (device-ca.pem, device-ca.pfx) and one device-ID.pfx per gateway of the
    /// provisioning file to <paramref name="outDir"/>; PKCS#12 files have no password. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(string provisioningPath, string outDir, DateTimeOffset now)
    {
        ProvisioningFile file = ProvisioningFile.Load(provisioningPath);
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        void Save(string name, byte[] bytes, bool secret)
        {
            string path = Path.Combine(outDir, name);
            File.WriteAllBytes(path, bytes);
            if (secret && !OperatingSystem.IsWindows()) { File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
            written.Add(path);
        }
        using X509Certificate2 ca = CreateCa(now);
        Save(CaCertificateFile, System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), secret: false);
        Save(CaPkcs12File, ca.Export(X509ContentType.Pkcs12), secret: true);
        foreach (ProvisionedGateway gw in file.Gateways)
        {
            if (gw.DeviceId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || gw.DeviceId.StartsWith('.'))
            {
                throw new InvalidDataException($"device ID '{gw.DeviceId}' cannot name a file");
            }
            using X509Certificate2 device = IssueDevice(ca, gw.DeviceId, now.AddMinutes(-5), now.AddYears(1));
            Save(gw.DeviceId + ".pfx", device.Export(X509ContentType.Pkcs12), secret: true);
        }
        return written;
    }

    private static T Also<T>(this T value, Action<T> action) { action(value); return value; }
}
