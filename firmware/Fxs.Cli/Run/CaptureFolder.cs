using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Core.Ivr;
using Fxs.Hal;

namespace Fxs.Cli.Run;

/// <summary>
/// One call captured by `fxs run --record-dir DIR` (issue #16 item 1): a folder DIR/&lt;UTC start&gt;-&lt;n&gt;/ holding
/// <list type="bullet">
/// <item><c>call.wav</c>: CallRecorder's stereo WAV (left heard, right played; password keys blanked unless kept);</item>
/// <item><c>call.hook</c>: the hook timeline in `fxs replay --hook` format;</item>
/// <item><c>line.json</c>: the line the gateway ran with, in the line-file format (`--line`);</item>
/// <item><c>events.jsonl</c>: the gateway's own events of the call in `fxs replay --json` form (keys of the password step as x);</item>
/// <item><c>capture.json</c>: how to replay it (the codec's encoding, the port's echo hint) and what the gateway decided.</item>
/// </list>
/// Times in every file are ms from the recording's first sample. `fxs replay FOLDER` and `fxs dtmf decode FOLDER`
/// take the folder as it is. A folder is written under a ".partial" name and renamed when complete.
/// </summary>
internal static class CaptureFolder
{
    public const string Audio = "call.wav";
    public const string Hook = "call.hook";
    public const string Line = "line.json";
    public const string Events = "events.jsonl";
    public const string Info = "capture.json";
    public const string Format = "fxs-capture-1";
    public const string PartialSuffix = ".partial";

    private static readonly Regex CallName = new(@"^\d{8}T\d{6}\.\d{3}Z-\d{4}$", RegexOptions.CultureInvariant);

    /// <summary>True for a folder that holds a capture's description (the other files are checked when read).</summary>
    public static bool IsCapture(string path) => Directory.Exists(path) && File.Exists(System.IO.Path.Combine(path, Info));

    /// <summary>A call folder's name: its start in UTC, sortable (oldest first by ordinal order), and a counter for calls started in the same ms.</summary>
    public static string NameFor(DateTime startedUtc, int counter) =>
        startedUtc.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture) + "-" + (counter % 10000).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The call folders in <paramref name="dir"/>, oldest first (names this daemon gives; anything else there is left alone).</summary>
    public static List<string> Calls(string dir)
    {
        var calls = new List<string>();
        foreach (string d in Directory.GetDirectories(dir))
        {
            if (CallName.IsMatch(System.IO.Path.GetFileName(d))) { calls.Add(d); }
        }
        calls.Sort(StringComparer.Ordinal);
        return calls;
    }

    /// <summary>Bytes of the files in a folder (one level: a capture has no subfolders).</summary>
    public static long SizeOf(string dir)
    {
        long bytes = 0;
        foreach (string f in Directory.GetFiles(dir)) { bytes += new FileInfo(f).Length; }
        return bytes;
    }

    /// <summary>The line in the line-file format (Config.LineFile reads it back to the same configuration).</summary>
    public static string LineJson(LineConfiguration line)
    {
        var additional = new string[line.AdditionalCount];
        for (int i = 0; i < additional.Length; i++) { additional[i] = line.AdditionalNumber(i); }
        return Indented(w =>
        {
            w.WriteString("area", line.Area == ServiceArea.West ? "west" : "east");
            w.WriteString("contract", line.ContractNumber);
            w.WriteStartArray("additional");
            foreach (string number in additional) { w.WriteStringValue(number); }
            w.WriteEndArray();
            w.WriteString("notifyNumber", line.NotifyNumber);
        });
    }

    // One JSON object, indented, written field by field (no reflection: the device edition is trimmed).
    private static string Indented(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string EncodingName(CodecEncoding e) => e switch
    {
        CodecEncoding.MuLaw => "mu-law",
        CodecEncoding.ALaw => "a-law",
        _ => "pcm",
    };

    /// <summary>Reads capture.json; a problem is an <see cref="InvalidDataException"/> whose message names the file and the field.</summary>
    public static CaptureInfo ReadInfo(string dir)
    {
        string path = System.IO.Path.Combine(dir, Info);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            string format = Text(root, "format", path);
            if (format != Format) { throw new InvalidDataException(path + ": format '" + format + "' is not " + Format); }
            CodecEncoding encoding = Text(root, "encoding", path) switch
            {
                "mu-law" => CodecEncoding.MuLaw,
                "a-law" => CodecEncoding.ALaw,
                "pcm" => CodecEncoding.Linear16,
                string other => throw new InvalidDataException(path + ": encoding '" + other + "' is not mu-law, a-law or pcm"),
            };
            return new CaptureInfo
            {
                Board = Text(root, "board", path),
                Encoding = encoding,
                EchoDelayFrames = Number(root, "echoDelayFrames", path),
                PasswordKeysKept = Text(root, "passwordKeys", path) == "kept",
                BlankedFromMs = Number(root, "blankedFromMs", path),
                Outcome = Text(root, "outcome", path),
                Truncated = root.TryGetProperty("truncated", out JsonElement t) && t.ValueKind == JsonValueKind.True,
            };
        }
        catch (JsonException e) { throw new InvalidDataException(path + ": not JSON (" + e.Message + ")"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(path + ": cannot read (" + e.Message + ")");
        }
    }

    /// <summary>capture.json's text.</summary>
    public static string InfoJson(CaptureInfo info, DateTime startedUtc, long startLineMs, int gapFrames, string hardware)
    {
        return Indented(w =>
        {
            w.WriteString("format", Format);
            w.WriteString("startedUtc", startedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("startLineMs", startLineMs);
            w.WriteString("board", info.Board);
            w.WriteString("hardware", hardware);
            w.WriteString("encoding", EncodingName(info.Encoding));
            w.WriteNumber("echoDelayFrames", info.EchoDelayFrames);
            w.WriteString("passwordKeys", info.PasswordKeysKept ? "kept" : "blanked");
            w.WriteNumber("blankedFromMs", info.BlankedFromMs);
            w.WriteString("outcome", info.Outcome);
            w.WriteBoolean("truncated", info.Truncated);
            w.WriteNumber("missedFrames", gapFrames);
            w.WriteString("replay", "fxs replay <this folder>");
        });
    }

    private static string Text(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new InvalidDataException(path + ": '" + name + "' missing or not a string");

    private static int Number(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n)
            ? n
            : throw new InvalidDataException(path + ": '" + name + "' missing or not a whole number");

    /// <summary>The events of a call as `fxs replay --json` lines (no result line).</summary>
    public static string EventLines(IEnumerable<CallEvent> events)
    {
        var text = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture) { NewLine = "\n" };
        CallEventLog.WriteJson(text, events);
        return text.ToString();
    }
}

/// <summary>capture.json: what a replay needs besides the audio, hook and line, and what the gateway decided.</summary>
internal sealed class CaptureInfo
{
    public required string Board { get; init; }

    /// <summary>The codec's encoding on the gateway: the replay's sim line takes the same round trip.</summary>
    public required CodecEncoding Encoding { get; init; }

    /// <summary>The port's echo-canceller hint on the gateway (the board's buffering), frames.</summary>
    public required int EchoDelayFrames { get; init; }

    public required bool PasswordKeysKept { get; init; }

    /// <summary>Where the heard channel's silence begins (password keys removed), ms; -1 when nothing was blanked.</summary>
    public required int BlankedFromMs { get; init; }

    /// <summary>The gateway's outcome of the call (CallOutcome's word).</summary>
    public required string Outcome { get; init; }

    /// <summary>The call outlasted what one capture keeps: the files hold its start only.</summary>
    public bool Truncated { get; init; }
}
