using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Cli.Replay;

// One input of `fxs replay` that cannot be used. The message is the single stderr line, naming the file.
internal sealed class ReplayInputException : Exception
{
    public ReplayInputException(string message) : base(message) { }
}

// The phone's hook switch over a replayed call: `<ms> off|on` per change, ms from the start of the
// recording (decimals allowed, rounded to the nearest 8 kHz sample), ascending; '#' starts a comment.
// The loop is open (on hook) before the first change.
internal sealed class HookTimeline
{
    public HookTimeline(long[] samples, bool[] closed)
    {
        Samples = samples;
        Closed = closed;
    }

    public long[] Samples { get; }

    public bool[] Closed { get; }

    public long LastSample => Samples.Length == 0 ? 0 : Samples[^1];

    // Off hook at 0, on hook when the recording ends.
    public static HookTimeline Default(long audioSamples) => new(new[] { 0L, audioSamples }, new[] { true, false });

    public static HookTimeline Parse(string path)
    {
        string[] lines;
        try
        {
            if (Directory.Exists(path)) { throw new ReplayInputException(path + ": is a directory, not a hook file"); }
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException) { throw new ReplayInputException(path + ": no such file"); }
        catch (DirectoryNotFoundException) { throw new ReplayInputException(path + ": no such file (directory not found)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayInputException(path + ": cannot read (" + e.Message + ")");
        }

        var samples = new List<long>();
        var closed = new List<bool>();
        decimal lastMs = -1;
        bool state = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string text = lines[i];
            int hash = text.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) { text = text.Substring(0, hash); }
            text = text.Trim();
            if (text.Length == 0) { continue; }
            string where = path + ": line " + (i + 1) + ": ";
            string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new ReplayInputException(where + "expected '<ms> off' or '<ms> on', found '" + text + "'");
            }
            if (!decimal.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal ms)
                || ms > 86_400_000m)
            {
                throw new ReplayInputException(where + "'" + parts[0] + "' is not a time in ms (a number, 0 or more)");
            }
            bool off;
            if (parts[1] == "off") { off = true; }
            else if (parts[1] == "on") { off = false; }
            else { throw new ReplayInputException(where + "'" + parts[1] + "' is not a hook state (off or on)"); }
            if (ms <= lastMs)
            {
                throw new ReplayInputException(where + "time " + parts[0] + " ms is not after the previous change ("
                    + lastMs.ToString(CultureInfo.InvariantCulture) + " ms); times must ascend");
            }
            if (off == state)
            {
                throw new ReplayInputException(where + "the phone is already " + (off ? "off" : "on") + " hook (each line is a change)");
            }
            long sample = (long)Math.Round(ms * 8m, MidpointRounding.AwayFromZero);
            if (samples.Count > 0 && sample <= samples[^1])
            {
                throw new ReplayInputException(where + "time " + parts[0] + " ms falls on the previous change's sample (8 kHz)");
            }
            samples.Add(sample);
            closed.Add(off);
            state = off;
            lastMs = ms;
        }
        if (samples.Count == 0) { throw new ReplayInputException(path + ": no hook changes (expected lines '<ms> off|on')"); }
        return new HookTimeline(samples.ToArray(), closed.ToArray());
    }
}

// The line a replay runs on: the gateway's line configuration (TP-1, TP-2, TP-4), from a JSON file or options.
internal static class ReplayLine
{
    // A number the gateway can be configured with: a complete Japanese national number (TP-3),
    // 10 digits from 0 (fixed lines) or 11 (050 IP phones, mobiles), from the area code.
    public static string? NumberFault(string number)
    {
        if (number.Length == 0) { return "is empty"; }
        foreach (char c in number)
        {
            if (c < '0' || c > '9') { return "is not digits only (write it from the area code, no '-' or '+81')"; }
        }
        if (number[0] != '0') { return "does not start with 0 (write it from the area code)"; }
        char[] digits = number.ToCharArray();
        for (int n = 1; n <= digits.Length; n++)
        {
            DialResult r = DialPlan.Check(digits, n);
            if (r == DialResult.Invalid) { return "is not a Japanese number"; }
            if (r == DialResult.Complete)
            {
                NumberKind kind = DialPlan.KindOf(digits, n);
                if (n != digits.Length) { return "is too long for a Japanese number (" + n + " digits)"; }
                if (kind != NumberKind.National10 && kind != NumberKind.National11) { return "is not a Japanese subscriber number"; }
                if (LineConfiguration.IsAccessNumber(number)) { return "is the temporary-password access number"; }
                return null;
            }
        }
        return "is too short for a Japanese number";
    }

    public static LineConfiguration Build(string source, string area, string contract, IReadOnlyList<string> additional, string? notify)
    {
        ServiceArea a = area switch
        {
            "east" => ServiceArea.East,
            "west" => ServiceArea.West,
            _ => throw new ReplayInputException(source + ": area '" + area + "' is neither east nor west"),
        };
        Check(source, "contract number", contract);
        var seen = new HashSet<string> { contract };
        foreach (string n in additional)
        {
            Check(source, "additional number", n);
            if (!seen.Add(n)) { throw new ReplayInputException(source + ": number " + n + " is listed twice on the line"); }
        }
        string notifyNumber = notify ?? contract;
        Check(source, "notify number", notifyNumber);
        if (!seen.Contains(notifyNumber))
        {
            throw new ReplayInputException(source + ": notify number " + notifyNumber
                + " is not a number of the line (the contract number or an additional number, TP-2)");
        }
        return new LineConfiguration(contract, new List<string>(additional).ToArray(), notifyNumber, a);
    }

    private static void Check(string source, string what, string number)
    {
        string? fault = NumberFault(number);
        if (fault != null) { throw new ReplayInputException(source + ": " + what + " '" + number + "' " + fault); }
    }

    // Two shapes:
    //  - one line: {"area":"east","contract":"03…" or {"number":"03…"},"additional":["03…"] or [{"number":"03…"}],"notifyNumber":"03…"}
    //    (notifyNumber optional: the contract number);
    //  - a provisioning document as backend/provisioning.sample.json: {"lines":[…],"gateways":[{"lineId",
    //    "ports":[{"port":1,"notifyNumber":…}]}]} with exactly one line: that line, and the notify number of
    //    the lowest port of a gateway on it (none given: the contract number).
    public static LineConfiguration Load(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path)) { throw new ReplayInputException(path + ": is a directory, not a line configuration"); }
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException) { throw new ReplayInputException(path + ": no such file"); }
        catch (DirectoryNotFoundException) { throw new ReplayInputException(path + ": no such file (directory not found)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayInputException(path + ": cannot read (" + e.Message + ")");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ReplayInputException(path + ": not valid JSON (" + e.Message.Split('\n')[0].TrimEnd('.') + ")");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { throw new ReplayInputException(path + ": expected a JSON object"); }
            if (root.TryGetProperty("lines", out JsonElement lines))
            {
                if (lines.ValueKind != JsonValueKind.Array || lines.GetArrayLength() != 1)
                {
                    throw new ReplayInputException(path + ": \"lines\" must list exactly one line to replay on");
                }
                JsonElement line = lines[0];
                string? notify = null;
                string? lineId = OptionalString(path, line, "lineId");
                if (root.TryGetProperty("gateways", out JsonElement gateways) && gateways.ValueKind == JsonValueKind.Array)
                {
                    int lowest = int.MaxValue;
                    foreach (JsonElement g in gateways.EnumerateArray())
                    {
                        if (lineId != null && OptionalString(path, g, "lineId") != lineId) { continue; }
                        if (!g.TryGetProperty("ports", out JsonElement ports) || ports.ValueKind != JsonValueKind.Array) { continue; }
                        foreach (JsonElement p in ports.EnumerateArray())
                        {
                            int port = p.TryGetProperty("port", out JsonElement pe) && pe.ValueKind == JsonValueKind.Number ? pe.GetInt32() : int.MaxValue - 1;
                            if (port < lowest)
                            {
                                lowest = port;
                                notify = OptionalString(path, p, "notifyNumber");
                            }
                        }
                    }
                }
                return FromLine(path, line, notify);
            }
            return FromLine(path, root, null);
        }
    }

    private static LineConfiguration FromLine(string path, JsonElement line, string? notifyFromPort)
    {
        if (line.ValueKind != JsonValueKind.Object) { throw new ReplayInputException(path + ": a line must be a JSON object"); }
        string area = OptionalString(path, line, "area") ?? "east";
        if (!line.TryGetProperty("contract", out JsonElement c)) { throw new ReplayInputException(path + ": the line has no \"contract\" number"); }
        string contract = NumberOf(path, c, "contract");
        var additional = new List<string>();
        if (line.TryGetProperty("additional", out JsonElement add))
        {
            if (add.ValueKind != JsonValueKind.Array) { throw new ReplayInputException(path + ": \"additional\" must be an array of numbers"); }
            foreach (JsonElement a in add.EnumerateArray()) { additional.Add(NumberOf(path, a, "additional")); }
        }
        string? notify = OptionalString(path, line, "notifyNumber") ?? notifyFromPort;
        return Build(path, area.ToLowerInvariant(), contract, additional, notify);
    }

    private static string NumberOf(string path, JsonElement e, string what)
    {
        if (e.ValueKind == JsonValueKind.String) { return e.GetString()!; }
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("number", out JsonElement n) && n.ValueKind == JsonValueKind.String)
        {
            return n.GetString()!;
        }
        throw new ReplayInputException(path + ": \"" + what + "\" must be a number as a string (\"0300001111\") or {\"number\": \"…\"}");
    }

    private static string? OptionalString(string path, JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null) { return null; }
        if (e.ValueKind != JsonValueKind.String) { throw new ReplayInputException(path + ": \"" + name + "\" must be a string"); }
        return e.GetString();
    }
}
