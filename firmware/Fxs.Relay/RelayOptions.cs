using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fxs.Config;

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

    /// <summary>The file's fields, in the order docs/configuration.md lists them (names match in any case: Web defaults).</summary>
    public static readonly string[] Fields =
    {
        "deviceId", "backendUrl", "backendSpkiSha256", "carrierSealingKey", "clientCertificatePath", "clientCertificatePassword",
        "outboxPath", "outboxMaxBytes", "outboxReserveBytes", "baseRetryDelay", "maxRetryDelay", "maxRetryAfter",
        "inProcessRetries", "inProcessBaseDelay", "attemptTimeout", "pollInterval",
    };

    private const string Duration = "a duration \"hh:mm:ss\" (e.g. \"00:00:30\")";

    /// <summary>What each field holds, in words, for a value of the wrong type.</summary>
    private static string ExpectedOf(string field) => field.ToLowerInvariant() switch
    {
        "deviceid" => "a string: this gateway's device ID",
        "backendurl" => "an https URL",
        "backendspkisha256" => "an array of SHA-256 pins of the backend's key (base64, or 64 hex digits)",
        "carriersealingkey" => "a base64 SubjectPublicKeyInfo of a P-256 key",
        "clientcertificatepath" or "clientcertificatepassword" or "outboxpath" => "a string",
        "outboxmaxbytes" or "outboxreservebytes" => "an integer number of bytes, 0 or more (0: none)",
        "inprocessretries" => "an integer, 0 or more",
        _ => Duration,
    };

    /// <summary>
    /// Reads and checks the relay file at <paramref name="path"/> by the policy of every configuration
    /// file (docs/configuration.md): comments and trailing commas allowed, an unknown field an error with
    /// the closest known name, the first fault a <see cref="ConfigFileException"/> naming the field and
    /// what was expected.
    /// <paramref name="sealingKeyRequired"/> false: a missing or unusable <c>carrierSealingKey</c> is
    /// no fault (`fxs relay fetch-key` reads the file to fill it in).
    /// </summary>
    public static RelayOptions Load(string path, bool sealingKeyRequired = true)
    {
        using JsonDocument document = ConfigJson.Load(path, "a readable relay configuration");
        JsonElement root = document.RootElement;
        JsonObjectReader.Open(root, path, string.Empty, "a relay object {\"deviceId\", \"backendUrl\", \"backendSpkiSha256\", \"carrierSealingKey\", ...}",
            Fields, ignoreCase: true);
        RelayOptions options;
        try
        {
            options = root.Deserialize(RelayJsonContext.Default.RelayOptions)!;
        }
        catch (JsonException e)
        {
            // e.Path is "$.field" or "$.field[i]": name the field as the file writes it, and what it holds.
            string field = FieldOf(e.Path);
            string written = field;
            string found = "a value of the wrong type";
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase))
                {
                    written = p.Name;
                    // A password is never quoted back, not even a mistyped one.
                    found = field.Equals("clientCertificatePassword", StringComparison.OrdinalIgnoreCase) ? "a " + p.Value.ValueKind.ToString().ToLowerInvariant() : Describe(p.Value);
                }
            }
            throw new ConfigFileException(path, written, ExpectedOf(field), found, e);
        }
        foreach ((string field, string expected, string found) in options.Faults(sealingKeyRequired))
        {
            throw new ConfigFileException(path, field, expected, found);
        }
        return options;
    }

    private static string FieldOf(string? jsonPath)
    {
        string p = jsonPath ?? string.Empty;
        if (p.StartsWith("$.", StringComparison.Ordinal)) { p = p.Substring(2); }
        int cut = p.IndexOfAny(['[', '.']);
        return cut >= 0 ? p.Substring(0, cut) : p;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "\"" + value.GetString() + "\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };

    /// <summary>Checks the values (all faults in one <see cref="InvalidDataException"/>).</summary>
    public void Validate()
    {
        var errors = new List<string>();
        foreach ((string field, string expected, string found) in Faults()) { errors.Add(field + ": expected " + expected + ", found " + found + "."); }
        if (errors.Count > 0) { throw new InvalidDataException("Relay configuration: " + string.Join(" ", errors)); }
    }

    /// <summary>Each value that cannot be used: its field, what was expected, what was found.</summary>
    private List<(string Field, string Expected, string Found)> Faults(bool sealingKeyRequired = true)
    {
        var faults = new List<(string, string, string)>();
        if (string.IsNullOrEmpty(DeviceId)) { faults.Add(("deviceId", ExpectedOf("deviceId"), "nothing (the field is missing)")); }
        // An empty or relative URL (e.g. the package's example "backendUrl": "") has no scheme to ask for.
        if (BackendUrl is null || !BackendUrl.IsAbsoluteUri || BackendUrl.Scheme != Uri.UriSchemeHttps)
        {
            faults.Add(("backendUrl", ExpectedOf("backendUrl"), BackendUrl is null ? "nothing (the field is missing)" : "\"" + BackendUrl + "\""));
        }
        if (BackendSpkiSha256.Count == 0) { faults.Add(("backendSpkiSha256", "at least one pin (SHA-256 of the backend's key, base64 or hex)", "none")); }
        for (int i = 0; i < BackendSpkiSha256.Count; i++)
        {
            string pin = BackendSpkiSha256[i];
            if (ParsePin(pin) is null) { faults.Add(("backendSpkiSha256[" + i + "]", "a SHA-256 (base64, or 64 hex digits)", "'" + pin + "'")); }
        }
        try
        {
            using var key = ECDiffieHellman.Create();
            key.ImportSubjectPublicKeyInfo(CarrierSealingKeySpki(), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            // Not a fault when the caller is about to fetch the key (`fxs relay fetch-key`).
            if (sealingKeyRequired)
            {
                faults.Add(("carrierSealingKey", ExpectedOf("carrierSealingKey"),
                    CarrierSealingKey.Length == 0 ? "nothing (the field is missing)" : "a value that is not one (" + e.GetType().Name + ")"));
            }
        }
        if (OutboxMaxBytes < 0) { faults.Add(("outboxMaxBytes", ExpectedOf("outboxMaxBytes"), OutboxMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))); }
        if (OutboxReserveBytes < 0) { faults.Add(("outboxReserveBytes", ExpectedOf("outboxReserveBytes"), OutboxReserveBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))); }
        if (InProcessRetries < 0) { faults.Add(("inProcessRetries", ExpectedOf("inProcessRetries"), InProcessRetries.ToString(System.Globalization.CultureInfo.InvariantCulture))); }
        return faults;
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
