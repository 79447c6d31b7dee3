using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Cli.Audio;
using Fxs.Cli.Run;
using Fxs.Hal.Sim;

namespace Fxs.Cli.Replay;

// `fxs replay FOLDER` on a call captured by `fxs run --record-dir` (CaptureFolder): the folder gives the caller's
// audio (the WAV's left channel: what the gateway heard, its line's noise and echo included, so the sim line adds
// neither), the hook timeline, the line, the codec's encoding and the port's echo hint; the replay's events are
// then set against the gateway's own (events.jsonl).
internal static class CaptureReplay
{
    /// <summary>The replay's settings for a capture folder; a contradicting option is a <see cref="ReplayInputException"/> (usage).</summary>
    public static ReplayCommand.Settings Settings(ReplayCommand.Settings s, out CaptureInfo info)
    {
        string dir = s.Caller;
        if (s.Hook is not null || s.LineFile is not null || s.Area is not null || s.Contract is not null || s.Additional is not null || s.Notify is not null)
        {
            throw new ReplayInputException("fxs replay: " + dir + " is a call capture: it gives the hook timeline and the line; drop --hook, --line, --area, --contract, --additional and --notify",
                ExitCodes.Usage);
        }
        if (s.Channel is not AudioChannel.Mono and not AudioChannel.Left)
        {
            throw new ReplayInputException("fxs replay: " + dir + " is a call capture: its caller is the left channel (what the gateway heard); drop --channel", ExitCodes.Usage);
        }
        try { info = CaptureFolder.ReadInfo(dir); }
        catch (InvalidDataException e) { throw new ReplayInputException("fxs replay: " + e.Message); }
        return s with
        {
            Caller = Path.Combine(dir, CaptureFolder.Audio),
            Hook = Path.Combine(dir, CaptureFolder.Hook),
            LineFile = Path.Combine(dir, CaptureFolder.Line),
            Channel = AudioChannel.Left,
        };
    }

    /// <summary>The sim line of a capture's replay: the gateway's encoding, no echo and no noise of its own (the heard channel has the line's).</summary>
    public static SimBoardOptions Board(CaptureInfo info) => new()
    {
        Encoding = info.Encoding,
        EchoReturnLossDeciDb = NoEchoDeciDb,
        NoiseDeciDbm0 = NoNoiseDeciDbm0,
    };

    // SimBoardOptions' "none" values: a return loss of 100 dB or more, noise at or below -100 dBm0.
    private const int NoEchoDeciDb = 1000;
    private const int NoNoiseDeciDbm0 = -1000;

    /// <summary>
    /// One line setting the replay against the gateway's call: the same events (all of them; or, in a capture whose password
    /// keys were blanked, those before the blanked stretch) and the same outcome, or the first event that differs.
    /// </summary>
    public static string Compare(string dir, CaptureInfo info, IReadOnlyList<CallEvent> replayed, string replayOutcome)
    {
        string path = Path.Combine(dir, CaptureFolder.Events);
        string[] gateway;
        try { gateway = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayInputException("fxs replay: " + path + ": cannot read (" + e.Message + ")");
        }
        string[] replay = CaptureFolder.EventLines(replayed).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        bool blanked = !info.PasswordKeysKept && info.BlankedFromMs >= 0;
        List<string> g = UpTo(gateway, blanked ? info.BlankedFromMs : long.MaxValue, path);
        List<string> r = UpTo(replay, blanked ? info.BlankedFromMs : long.MaxValue, path);
        for (int i = 0; i < Math.Max(g.Count, r.Count); i++)
        {
            string gi = i < g.Count ? g[i] : "(none)";
            string ri = i < r.Count ? r[i] : "(none)";
            if (gi != ri) { return "capture: the replay differs from the gateway's call at event " + (i + 1) + ": gateway " + gi + ", replay " + ri; }
        }
        if (blanked)
        {
            return "capture: password keys were replaced by silence from " + info.BlankedFromMs + " ms: the " + g.Count
                + " events up to then match the gateway's; the gateway's outcome was " + info.Outcome;
        }
        if (replayOutcome != info.Outcome)
        {
            return "capture: the replay's " + g.Count + " events match the gateway's, but its outcome is " + replayOutcome + ", the gateway's " + info.Outcome;
        }
        return "capture: same " + g.Count + " events and outcome (" + info.Outcome + ") as the gateway's call";
    }

    // The events up to lastMs: an event is dated at the end of the frame it was decided in, so one dated at the blanked
    // stretch's first sample comes from the last frame heard in full.
    private static List<string> UpTo(string[] lines, long lastMs, string path)
    {
        var kept = new List<string>();
        foreach (string line in lines)
        {
            if (line.Length == 0) { continue; }
            long t;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                t = doc.RootElement.GetProperty("t_ms").GetInt64();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ReplayInputException("fxs replay: " + path + ": a line that is not an event with t_ms: " + line);
            }
            if (t <= lastMs) { kept.Add(line); }
        }
        return kept;
    }
}
