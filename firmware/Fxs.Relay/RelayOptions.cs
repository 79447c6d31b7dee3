using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Fxs.Relay;

/// <summary>
/// The relay's part of the line configuration, a small JSON file (camelCase), e.g.
/// <code>
/// { "deviceId": "hgw-0001",
///   "backendUrl": "https://relay.carrier.example:443/",
///   "backendSpkiSha256": ["base64 of SHA-256(SubjectPublicKeyInfo)", "...the next key, for rotation"],
///   "carrierSealingKey": "base64 SubjectPublicKeyInfo of the carrier's P-256 sealing key",
///   "clientCertificatePath": "/etc/fxs/device.pfx",
///   "outboxPath": "/var/lib/fxs/outbox.db" }
/// </code>
/// <c>deviceId</c> is the backend provisioning's <c>gateways[].deviceId</c>; the backend pins the
/// client certificate's SHA-256 as that entry's <c>clientCertificateSha256</c>. The pins are of the
/// backend's key (SPKI), not its certificate, so a renewed certificate on the same key still
/// connects; any listed pin is accepted (the next key is listed before the rotation).
/// </summary>
public sealed class RelayOptions
{
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>Base address of the carrier backend; https only.</summary>
    public Uri? BackendUrl { get; set; }

    /// <summary>SHA-256 of the backend's SubjectPublicKeyInfo, base64 (or hex); at least one.</summary>
    public List<string> BackendSpkiSha256 { get; set; } = [];

    /// <summary>The carrier's sealing key (SubjectPublicKeyInfo, DER, base64) for ecdh-p256-aesgcm-v1.</summary>
    public string CarrierSealingKey { get; set; } = string.Empty;

    /// <summary>PKCS#12 file with the device's client certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientCertificatePassword { get; set; }

    public string OutboxPath { get; set; } = "outbox.db";

    /// <summary>
    /// Issue #12: the outbox database's cap, bytes (0: none). A full outbox refuses new records (the
    /// caller hears that the password cannot be set now) rather than filling the partition. 4 MiB
    /// holds some 3,000 pending records of about 1 KiB.
    /// </summary>
    public long OutboxMaxBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Issue #12: free space the outbox's file system must keep for a new record to be taken, bytes
    /// (0: none). Below it the caller hears that the password cannot be set now, and the space left
    /// stays for the relay's own writes (marking records delivered, checkpoints), which free space.
    /// </summary>
    public long OutboxReserveBytes { get; set; } = 1024 * 1024;

    /// <summary>The outbox this configuration describes (never throws for the medium: see <see cref="Outbox"/>).</summary>
    public Outbox OpenOutbox(Microsoft.Extensions.Logging.ILogger? log = null) => new(OutboxPath, OutboxMaxBytes, OutboxReserveBytes, log);

    /// <summary>Across restarts: first delay after a failed delivery, doubled per attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Issue #12: the cap of that delay (5 min): once the backend answers again, every record is
    /// delivered within it (plus the first success pulling the rest forward, oldest first).
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest <c>Retry-After</c> of the backend honoured, 1 h (a longer one is taken as 1 h).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>In process: quick retries of one delivery (Polly) before it is left to the outbox's next-attempt time.</summary>
    public int InProcessRetries { get; set; } = 2;

    public TimeSpan InProcessBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the sender looks at the outbox when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public static RelayOptions Load(string path)
    {
        RelayOptions options = JsonSerializer.Deserialize(File.ReadAllText(path), RelayJsonContext.Default.RelayOptions)
            ?? throw new InvalidDataException($"{path}: empty relay configuration.");
        options.Validate();
        return options;
    }

    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(DeviceId)) { errors.Add("deviceId is required."); }
        if (BackendUrl is null || BackendUrl.Scheme != Uri.UriSchemeHttps) { errors.Add("backendUrl must be an https URL."); }
        if (BackendSpkiSha256.Count == 0) { errors.Add("backendSpkiSha256: at least one pin is required."); }
        foreach (string pin in BackendSpkiSha256)
        {
            if (ParsePin(pin) is null) { errors.Add($"backendSpkiSha256: '{pin}' is not a SHA-256 (base64 or hex)."); }
        }
        try
        {
            using var key = ECDiffieHellman.Create();
            key.ImportSubjectPublicKeyInfo(CarrierSealingKeySpki(), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            errors.Add("carrierSealingKey must be a base64 SubjectPublicKeyInfo of a P-256 key.");
        }
        if (errors.Count > 0) { throw new InvalidDataException("Relay configuration: " + string.Join(" ", errors)); }
    }

    public byte[] CarrierSealingKeySpki() => Convert.FromBase64String(CarrierSealingKey);

    /// <summary>The pins as 32-byte hashes.</summary>
    public IReadOnlyList<byte[]> Pins() => BackendSpkiSha256.Select(p => ParsePin(p) ?? throw new InvalidDataException("bad pin")).ToList();

    public X509Certificate2? LoadClientCertificate() =>
        string.IsNullOrEmpty(ClientCertificatePath) ? null : X509CertificateLoader.LoadPkcs12FromFile(ClientCertificatePath, ClientCertificatePassword);

    /// <summary>The pin of a certificate's key: SHA-256 of its SubjectPublicKeyInfo, base64.</summary>
    public static string SpkiPin(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static byte[]? ParsePin(string pin)
    {
        try
        {
            byte[] b = pin.Length == 64 ? Convert.FromHexString(pin) : Convert.FromBase64String(pin);
            return b.Length == 32 ? b : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
