using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Backend.Hosting;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// The wave's device certificates: a dev device CA and one client certificate per simulated
/// gateway, made by the backend's own <see cref="DevCertificates"/> (P-256, clientAuth, CN =
/// device ID; the backend accepts them by the CA, as a carrier's fleet would be, not by 5,000
/// pins). Issuing thousands takes a while, so they are kept in a cache folder (artifacts/wave-certs:
/// device-ca.pfx, device-ca.pem, devices.tsv with ID, certificate DER and PKCS#8 key in base64;
/// dev keys, mode 0600) and reused while they stay valid for a week; more are issued by the same CA when asked for.
/// </summary>
internal static class WaveCertificates
{
    private const string CaPfx = "device-ca.pfx";
    private const string DevicesFile = "devices.tsv";

    /// <summary>How long a cached certificate must still be valid to be reused.</summary>
    private static readonly TimeSpan MinRemaining = TimeSpan.FromDays(7);

    /// <summary>The CA (with its key) and a certificate (with its key) for each of <paramref name="deviceIds"/>, in that order.</summary>
    public static (X509Certificate2 Ca, X509Certificate2[] Devices) LoadOrCreate(string dir, IReadOnlyList<string> deviceIds)
    {
        Directory.CreateDirectory(dir);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string caPath = Path.Combine(dir, CaPfx);
        string devicesPath = Path.Combine(dir, DevicesFile);
        X509Certificate2? ca = File.Exists(caPath) ? X509CertificateLoader.LoadPkcs12FromFile(caPath, null) : null;
        if (ca is null || ca.NotAfter.ToUniversalTime() - now.UtcDateTime < MinRemaining)
        {
            ca = DevCertificates.CreateCa(now, "Fxs dev device CA (outage-wave bench)");
            WritePrivate(caPath, ca.Export(X509ContentType.Pkcs12));
            File.WriteAllText(Path.Combine(dir, DevCertificates.CaCertificateFile), ca.ExportCertificatePem() + "\n");
            File.Delete(devicesPath); // issued by another CA
        }
        var cached = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var wanted = deviceIds.ToHashSet(StringComparer.Ordinal);
        if (File.Exists(devicesPath))
        {
            foreach (string line in File.ReadLines(devicesPath))
            {
                string[] f = line.Split('\t');
                if (f.Length != 3 || !wanted.Contains(f[0])) { continue; }
                X509Certificate2 cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(f[1]));
                if (cert.NotAfter.ToUniversalTime() - now.UtcDateTime < MinRemaining) { continue; }
                using var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(f[2]), out _);
                cached[f[0]] = cert.CopyWithPrivateKey(key);
            }
        }
        var missing = deviceIds.Where(id => !cached.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"issuing {missing.Count} device certificates (dev CA) into {dir} ...");
            var issued = new (string Id, X509Certificate2 Cert)[missing.Count];
            Parallel.For(0, missing.Count, i => issued[i] = (missing[i], DevCertificates.IssueDevice(ca, missing[i], now.AddMinutes(-5), now.AddYears(1))));
            using var w = new StreamWriter(devicesPath, append: true);
            foreach ((string id, X509Certificate2 cert) in issued)
            {
                byte[] pkcs8 = cert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey();
                w.WriteLine(string.Join('\t', id, Convert.ToBase64String(cert.RawData), Convert.ToBase64String(pkcs8)));
                cached[id] = cert;
            }
        }
        if (!OperatingSystem.IsWindows()) { File.SetUnixFileMode(devicesPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
        return (ca, deviceIds.Select(id => cached[id]).ToArray());
    }

    /// <summary>The PEM of the CA's certificate (no key), for the provisioning file's deviceCaCertificate.</summary>
    public static string CaPem(X509Certificate2 ca) => ca.ExportCertificatePem() + "\n";

    private static void WritePrivate(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        if (!OperatingSystem.IsWindows()) { File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
    }

    /// <summary>The simulated gateway <paramref name="index"/>'s device ID.</summary>
    public static string DeviceId(int index) => "wave-" + index.ToString("D5", CultureInfo.InvariantCulture);
}
