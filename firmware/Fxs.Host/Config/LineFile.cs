using System.Collections.Generic;
using System.Text.Json;
using Fxs.Config;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Host.Config;

// The line file (`fxs run --line`, `fxs replay --line`), read by the policy of every configuration file
// (docs/configuration.md: comments and trailing commas allowed, unknown fields an error with the
// closest known name) and checked by the core's rule for numbers (LineInput, LineNumbers). Two shapes:
//  - one line: {"area":"east","contract":"03…" or {"number":"03…"},"additional":["03…"] or [{"number":"03…"}],"notifyNumber":"03…"}
//    (area optional: east; notifyNumber optional: the contract number);
//  - a provisioning document as backend/provisioning.sample.json with exactly one line: that line, and the
//    notify number of the lowest port of a gateway on it (none given: the contract number).
public static class LineFile
{
    public static readonly string[] LineFields = { "area", "contract", "additional", "notifyNumber" };
    public static readonly string[] ProvisioningFields = { "lines", "gateways", "deviceCaCertificate" };
    public static readonly string[] ProvisionedLineFields = { "lineId", "area", "contract", "additional" };
    public static readonly string[] NumberFields = { "number", "services" };
    public static readonly string[] GatewayFields = { "deviceId", "lineId", "clientCertificateSha256", "ports" };
    public static readonly string[] PortFields = { "port", "notifyNumber" };

    private const string NumberExpected = "a number as a string (\"0300001111\") or {\"number\": \"0300001111\"}";

    /// <summary>The line in <paramref name="path"/>; a <see cref="ConfigFileException"/> names the first fault.</summary>
    public static LineConfiguration Load(string path)
    {
        using JsonDocument document = ConfigJson.Load(path, "a readable line configuration");
        JsonElement root = document.RootElement;
        bool provisioning = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("lines", out _);
        if (!provisioning)
        {
            JsonObjectReader line = JsonObjectReader.Open(root, path, string.Empty,
                "a line object {\"area\", \"contract\", \"additional\", \"notifyNumber\"} or a provisioning document {\"lines\", \"gateways\"}", LineFields);
            return FromLine(line, line.OptionalString("notifyNumber", LineNumbersExpected), "notifyNumber");
        }

        JsonObjectReader doc = JsonObjectReader.Open(root, path, string.Empty, "a provisioning document {\"lines\", \"gateways\"}", ProvisioningFields);
        doc.TryGet("lines", out JsonElement lines);
        if (lines.ValueKind != JsonValueKind.Array || lines.GetArrayLength() != 1)
        {
            throw doc.Error("lines", "an array of exactly one line (the line to run on)", JsonText.Describe(lines));
        }
        JsonObjectReader provisioned = JsonObjectReader.Open(lines[0], path, "lines[0]", "a line object {\"lineId\", \"area\", \"contract\", \"additional\"}", ProvisionedLineFields);
        string? lineId = provisioned.OptionalString("lineId", "a line ID (a string)");
        string? notify = null;
        string notifyField = "notifyNumber";
        if (doc.TryGet("gateways", out JsonElement gateways))
        {
            if (gateways.ValueKind != JsonValueKind.Array) { throw doc.Error("gateways", "an array of gateways", JsonText.Describe(gateways)); }
            int lowest = int.MaxValue;
            int g = 0;
            foreach (JsonElement element in gateways.EnumerateArray())
            {
                JsonObjectReader gateway = JsonObjectReader.Open(element, path, "gateways[" + g + "]",
                    "a gateway object {\"deviceId\", \"lineId\", \"clientCertificateSha256\", \"ports\"}", GatewayFields);
                g++;
                if (lineId != null && gateway.OptionalString("lineId", "a line ID (a string)") != lineId) { continue; }
                if (!gateway.TryGet("ports", out JsonElement ports)) { continue; }
                if (ports.ValueKind != JsonValueKind.Array) { throw gateway.Error("ports", "an array of ports", JsonText.Describe(ports)); }
                int p = 0;
                foreach (JsonElement portElement in ports.EnumerateArray())
                {
                    JsonObjectReader port = JsonObjectReader.Open(portElement, path, gateway.PathOf("ports[" + p + "]"), "a port object {\"port\", \"notifyNumber\"}", PortFields);
                    int number = port.RequiredInt("port", 1, 64, "an FXS port number 1-64");
                    if (number < lowest)
                    {
                        lowest = number;
                        notify = port.OptionalString("notifyNumber", LineNumbersExpected);
                        notifyField = port.PathOf("notifyNumber");
                    }
                    p++;
                }
            }
        }
        return FromLine(provisioned, notify, notifyField);
    }

    private const string LineNumbersExpected = Fxs.Core.Line.LineNumbers.Expected;

    private static LineConfiguration FromLine(JsonObjectReader line, string? notify, string notifyField)
    {
        string area = line.OptionalString("area", LineInput.AreaExpected) ?? "east";
        if (!line.TryGet("contract", out JsonElement c)) { throw line.Error("contract", "the line's contract number: " + NumberExpected, JsonObjectReader.Missing); }
        string contract = NumberOf(line, "contract", c);
        var additional = new List<string>();
        if (line.TryGet("additional", out JsonElement add))
        {
            if (add.ValueKind != JsonValueKind.Array) { throw line.Error("additional", "an array of numbers, each " + NumberExpected, JsonText.Describe(add)); }
            int i = 0;
            foreach (JsonElement a in add.EnumerateArray()) { additional.Add(NumberOf(line, "additional[" + i++ + "]", a)); }
        }
        var names = new LineInput.Names(line.PathOf("area"), line.PathOf("contract"), i => line.PathOf("additional[" + i + "]"), notifyField);
        try
        {
            return LineInput.Build(names, area, contract, additional, notify);
        }
        catch (LineInputException e)
        {
            throw new ConfigFileException(line.File, e.Field, e.Expected, e.Found);
        }
    }

    private static string NumberOf(JsonObjectReader line, string field, JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String) { return e.GetString()!; }
        if (e.ValueKind == JsonValueKind.Object)
        {
            JsonObjectReader number = JsonObjectReader.Open(e, line.File, line.PathOf(field), "a number object {\"number\", \"services\"}", NumberFields);
            return number.RequiredString("number", NumberExpected);
        }
        throw line.Error(field, NumberExpected, JsonText.Describe(e));
    }
}
