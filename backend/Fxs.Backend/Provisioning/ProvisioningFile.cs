using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Fxs.Config;

namespace Fxs.Backend.Provisioning;

/// <summary>
/// The provisioning file (JSON, e.g. backend/provisioning.sample.json): the carrier's lines with
/// their numbers and the services in use (TP-1, TP-19), and the gateways serving them with each
/// FXS port's notify number (TP-2). The backend loads it at start; the sim gateway reads its own
/// entry (<see cref="Gateways"/> by device ID, then its line) for its line configuration.
/// <see cref="DeviceCaCertificate"/>: the carrier's device CA certificate (PEM or DER file, relative
/// to the provisioning file's folder); gateways whose certificate chains to it and names them (CN) log in
/// without a pin. Null: pins only.
/// </summary>
public sealed record ProvisioningFile(IReadOnlyList<ProvisionedLine> Lines, IReadOnlyList<ProvisionedGateway> Gateways, string? DeviceCaCertificate = null)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file's objects and their fields (names match in any case: Web defaults), as docs/configuration.md lists them.</summary>
    private static readonly (string Path, string What, string[] Fields)[] Shapes =
    [
        ("", "a provisioning document {\"lines\", \"gateways\", \"deviceCaCertificate\"}", ["lines", "gateways", "deviceCaCertificate"]),
        ("lines[]", "a line {\"lineId\", \"area\", \"contract\", \"additional\"}", ["lineId", "area", "contract", "additional"]),
        ("lines[].contract", "a number {\"number\", \"services\"}", ["number", "services"]),
        ("lines[].additional[]", "a number {\"number\", \"services\"}", ["number", "services"]),
        ("gateways[]", "a gateway {\"deviceId\", \"lineId\", \"clientCertificateSha256\", \"ports\"}", ["deviceId", "lineId", "clientCertificateSha256", "ports"]),
        ("gateways[].ports[]", "a port {\"port\", \"notifyNumber\"}", ["port", "notifyNumber"]),
    ];

    /// <summary>
    /// Reads and checks the provisioning file by the policy of every configuration file
    /// (docs/configuration.md): comments and trailing commas allowed, an unknown field an error with the
    /// closest known name, a value of the wrong type an error naming the field; then the lines' and
    /// gateways' rules (<see cref="Problems"/>).
    /// </summary>
    public static ProvisioningFile Load(string path)
    {
        using JsonDocument document = ConfigJson.Load(path, "a readable provisioning file");
        CheckFields(document.RootElement, path, "", "");
        ProvisioningFile file;
        try
        {
            file = document.RootElement.Deserialize<ProvisioningFile>(JsonOptions)
                ?? throw new ConfigFileException(path, "", "a provisioning document", "null");
        }
        catch (JsonException e)
        {
            string field = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            throw new ConfigFileException(path, field.Length == 0 ? "line " + ((e.LineNumber ?? 0) + 1) : field,
                "a value of the documented type (docs/configuration.md)", "another (" + FirstSentence(e.Message) + ")", e);
        }
        IReadOnlyList<string> problems = file.Problems();
        if (problems.Count > 0)
        {
            throw new ConfigFileException(path, "", "lines and gateways that agree (TP-1, TP-2, TP-3)", string.Join("; ", problems));
        }
        return file;
    }

    // Opens each object of the document with the fields its shape knows (a typo names the closest one).
    private static void CheckFields(JsonElement element, string file, string shape, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement item in element.EnumerateArray()) { CheckFields(item, file, shape + "[]", path + "[" + i++ + "]"); }
            return;
        }
        foreach ((string Path, string What, string[] Fields) s in Shapes)
        {
            if (s.Path != shape) { continue; }
            if (element.ValueKind != JsonValueKind.Object && shape.EndsWith(".contract", StringComparison.Ordinal)) { return; } // the type check reports it
            JsonObjectReader.Open(element, file, path, s.What, s.Fields, ignoreCase: true);
            foreach (JsonProperty p in element.EnumerateObject())
            {
                string field = Array.Find(s.Fields, f => f.Equals(p.Name, StringComparison.OrdinalIgnoreCase))!;
                CheckFields(p.Value, file, shape.Length == 0 ? field : shape + "." + field, path.Length == 0 ? p.Name : path + "." + p.Name);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        int at = message.IndexOf(". ", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message.TrimEnd('.');
    }

    /// <summary>The device CA certificate named by <see cref="DeviceCaCertificate"/> (PEM or DER), or null when none is named.</summary>
    public X509Certificate2? LoadDeviceCa(string provisioningPath)
    {
        if (string.IsNullOrWhiteSpace(DeviceCaCertificate)) { return null; }
        string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(provisioningPath))!, DeviceCaCertificate);
        byte[] bytes = File.ReadAllBytes(path);
        string text = System.Text.Encoding.ASCII.GetString(bytes);
        X509Certificate2 ca = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text) : X509CertificateLoader.LoadCertificate(bytes);
        if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw new InvalidDataException($"{path}: deviceCaCertificate is not a CA certificate");
        }
        return ca;
    }

    /// <summary>What is wrong with the file (empty when it can be used).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var numbers = new HashSet<string>();
        var lineIds = new HashSet<string>();
        foreach (ProvisionedLine line in Lines ?? [])
        {
            if (string.IsNullOrWhiteSpace(line.LineId) || !lineIds.Add(line.LineId)) { problems.Add($"line '{line.LineId}': missing or duplicate lineId"); }
            foreach (ProvisionedNumber n in line.AllNumbers())
            {
                if (!PhoneNumber.IsValid(n.Number)) { problems.Add($"line '{line.LineId}': '{n.Number}' is not a national number (TP-3)"); }
                else if (!numbers.Add(n.Number)) { problems.Add($"number {n.Number} appears twice"); }
            }
        }
        var deviceIds = new HashSet<string>();
        foreach (ProvisionedGateway gw in Gateways ?? [])
        {
            if (string.IsNullOrWhiteSpace(gw.DeviceId) || !deviceIds.Add(gw.DeviceId)) { problems.Add($"gateway '{gw.DeviceId}': missing or duplicate deviceId"); }
            ProvisionedLine? line = Lines?.FirstOrDefault(l => l.LineId == gw.LineId);
            if (line is null) { problems.Add($"gateway '{gw.DeviceId}': unknown line '{gw.LineId}'"); continue; }
            foreach (ProvisionedPort port in gw.Ports ?? [])
            {
                if (!line.AllNumbers().Any(n => n.Number == port.NotifyNumber))
                {
                    problems.Add($"gateway '{gw.DeviceId}' port {port.Port}: notify number {port.NotifyNumber} is not a number of line '{line.LineId}' (TP-2)");
                }
            }
        }
        return problems;
    }
}

/// <summary>Which access number the line's gateway answers as its own (TP-4).</summary>
public enum Area { East, West }

/// <summary>A line (回線): its contract number and additional numbers (TP-1).</summary>
public sealed record ProvisionedLine(string LineId, Area Area, ProvisionedNumber Contract, IReadOnlyList<ProvisionedNumber>? Additional)
{
    public IEnumerable<ProvisionedNumber> AllNumbers() => new[] { Contract }.Concat(Additional ?? []);
}

/// <summary>A number of a line and the services in use on it (TP-19).</summary>
public sealed record ProvisionedNumber(string Number, IReadOnlyList<Service>? Services);

/// <summary>The services the settings site manages (TP-19).</summary>
public enum Service
{
    /// <summary>ボイスワープ / 転送電話 (call forwarding).</summary>
    VoiceWarp,
    /// <summary>着信お知らせメール.</summary>
    IncomingCallMail,
    /// <summary>FAXお知らせメール.</summary>
    FaxMail,
}

/// <summary>A gateway: its device ID (the CN of its client certificate), its line and its FXS ports.</summary>
public sealed record ProvisionedGateway(string DeviceId, string LineId, string? ClientCertificateSha256, IReadOnlyList<ProvisionedPort>? Ports);

/// <summary>An FXS port and the number it calls with (TP-2).</summary>
public sealed record ProvisionedPort(int Port, string NotifyNumber);

/// <summary>
/// TP-3: a number a line can have, by the gateway core's rule (firmware/Fxs.Core/Line/LineNumbers.cs, the
/// port's dial plan): digits only from the area code, 10 digits from 0, 11 for 020/050/060/070/080/090;
/// not international (00, 010), not a temporary-password access number (TP-4). Both run the one table
/// tests/shared/line-numbers.tsv.
/// </summary>
public static partial class PhoneNumber
{
    [GeneratedRegex("^0(?:[25-9]0[0-9]{8}|(?!10)(?![25-9]0)[1-9][0-9]{8})$")]
    private static partial Regex Pattern();

    /// <summary>TP-4: the East and West access numbers, which no line has.</summary>
    private static readonly string[] AccessNumbers = ["0363044747", "0664806430"];

    /// <summary>A number a line can have (provisioning, a record's target and notify numbers, the site's login).</summary>
    public static bool IsValid(string? number) => IsNational(number) && !AccessNumbers.Contains(number);

    /// <summary>A complete national number by the dial plan, access numbers included (a record's accessNumber).</summary>
    public static bool IsNational(string? number) => number is not null && Pattern().IsMatch(number);
}
