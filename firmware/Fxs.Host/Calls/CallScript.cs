using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Fxs.Host.Calls;

// One step of a call script (see CallScript for the format).
public enum StepKind { OffHook, OnHook, Wait, Dtmf, Pulse, WaitGuidance, Flash }

public sealed record CallStep(int LineNumber, StepKind Kind, int Ms = 0, string Keys = "", int ToneMs = 0, int PauseMs = 0,
    int LevelDeciDbm0 = 0, int TwistDeciDb = 0, int LowOffsetCentiPercent = 0, int HighOffsetCentiPercent = 0, int Pps = 10,
    bool Secret = false);

public sealed class CallScriptException : Exception
{
    public CallScriptException(int line, string message) : base(message) { LineNumber = line; }

    public int LineNumber { get; }
}

// The `fxs call --script` format: one action of the phone per line, run in order on the sim line.
//
//   # a comment (a line whose first non-blank character is '#'; blank lines are skipped)
//   offhook                      lift the handset (the script starts on hook)
//   wait 2000                    hold the line, silent, 2000 ms
//   dtmf 0363044747 [tone=80 pause=150 level=-10 twist=2 low-offset=0 high-offset=0 secret]
//                                key DTMF (0-9 * # A-D): tone/pause ms, low-group level dBm0,
//                                high group twist dB above it, frequency offsets in %
//   pulse 117 [pps=10 secret]    dial pulses (0-9) at 10 or 20 pps
//   wait-guidance [max=60000]    300 ms, then until the gateway stops playing guidance, then 500 ms
//   flash [300]                  hook flash, break ms
//   onhook                       hang up (then 1200 ms pass, so that the gateway decides on-hook)
//
// Keys typed in the password step are shown as x (and `secret` masks a line whatever the state).
public static class CallScript
{
    public const int MaxWaitMs = 600_000;

    public static IReadOnlyList<CallStep> Parse(TextReader text)
    {
        var steps = new List<CallStep>();
        bool offHook = false;
        int n = 0;
        for (string? raw = text.ReadLine(); raw != null; raw = text.ReadLine())
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') { continue; }
            string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            string verb = words[0].ToLowerInvariant();
            CallStep step = verb switch
            {
                "offhook" => NoArgs(n, words, StepKind.OffHook),
                "onhook" => NoArgs(n, words, StepKind.OnHook),
                "wait" => Wait(n, words),
                "dtmf" => Dtmf(n, words),
                "pulse" => Pulse(n, words),
                "wait-guidance" => WaitGuidance(n, words),
                "flash" => Flash(n, words),
                _ => throw new CallScriptException(n, "unknown action '" + words[0]
                    + "' (offhook, onhook, wait MS, dtmf KEYS, pulse DIGITS, wait-guidance, flash [MS])"),
            };
            switch (step.Kind)
            {
                case StepKind.OffHook:
                    if (offHook) { throw new CallScriptException(n, "offhook: the phone is already off hook"); }
                    offHook = true;
                    break;
                case StepKind.OnHook:
                    if (!offHook) { throw new CallScriptException(n, "onhook: the phone is already on hook"); }
                    offHook = false;
                    break;
                case StepKind.Dtmf:
                case StepKind.Pulse:
                case StepKind.Flash:
                    if (!offHook) { throw new CallScriptException(n, verb + ": the phone is on hook (add 'offhook' first)"); }
                    break;
            }
            steps.Add(step);
        }
        if (steps.Count == 0) { throw new CallScriptException(n, "the script has no action"); }
        return steps;
    }

    private static CallStep NoArgs(int n, string[] w, StepKind kind)
    {
        if (w.Length > 1) { throw new CallScriptException(n, w[0] + " takes no argument (found '" + w[1] + "')"); }
        return new CallStep(n, kind);
    }

    private static CallStep Wait(int n, string[] w)
    {
        if (w.Length != 2) { throw new CallScriptException(n, "wait needs one argument: milliseconds"); }
        return new CallStep(n, StepKind.Wait, Ms: Int(n, "wait", w[1], 0, MaxWaitMs));
    }

    private static CallStep Flash(int n, string[] w)
    {
        if (w.Length > 2) { throw new CallScriptException(n, "flash takes at most one argument: the break in ms"); }
        return new CallStep(n, StepKind.Flash, Ms: w.Length == 2 ? Int(n, "flash", w[1], 1, 5000) : 300);
    }

    private static CallStep WaitGuidance(int n, string[] w)
    {
        int max = 60_000;
        foreach (var (key, value) in Options(n, w, 1))
        {
            if (key == "max") { max = Int(n, "max", value, 10, MaxWaitMs); }
            else { throw new CallScriptException(n, "wait-guidance: unknown option '" + key + "' (max=MS)"); }
        }
        return new CallStep(n, StepKind.WaitGuidance, Ms: max);
    }

    private static CallStep Dtmf(int n, string[] w)
    {
        if (w.Length < 2 || w[1].Contains('=', StringComparison.Ordinal)) { throw new CallScriptException(n, "dtmf needs the keys to send, e.g. dtmf 0363044747"); }
        string keys = w[1].ToUpperInvariant();
        foreach (char c in keys)
        {
            if (!(c >= '0' && c <= '9') && c != '*' && c != '#' && !(c >= 'A' && c <= 'D'))
            {
                throw new CallScriptException(n, "dtmf: '" + c + "' is not a DTMF key (0-9 * # A-D)");
            }
        }
        int tone = 80, pause = 150, level = -100, twist = 20, low = 0, high = 0;
        bool secret = false;
        foreach (var (key, value) in Options(n, w, 2))
        {
            switch (key)
            {
                case "tone": tone = Int(n, key, value, 1, 10_000); break;
                case "pause": pause = Int(n, key, value, 0, 10_000); break;
                case "level": level = Tenths(n, key, value, -600, 0, 10); break;
                case "twist": twist = Tenths(n, key, value, -200, 200, 10); break;
                case "low-offset": low = Tenths(n, key, value, -1000, 1000, 100); break;
                case "high-offset": high = Tenths(n, key, value, -1000, 1000, 100); break;
                case "secret": secret = true; break;
                default: throw new CallScriptException(n, "dtmf: unknown option '" + key + "' (tone, pause, level, twist, low-offset, high-offset, secret)");
            }
        }
        if (level + twist > 30) { throw new CallScriptException(n, "dtmf: level plus twist must stay at or below +3 dBm0"); }
        return new CallStep(n, StepKind.Dtmf, Keys: keys, ToneMs: tone, PauseMs: pause, LevelDeciDbm0: level, TwistDeciDb: twist,
            LowOffsetCentiPercent: low, HighOffsetCentiPercent: high, Secret: secret);
    }

    private static CallStep Pulse(int n, string[] w)
    {
        if (w.Length < 2 || w[1].Contains('=', StringComparison.Ordinal)) { throw new CallScriptException(n, "pulse needs the digits to dial, e.g. pulse 117"); }
        foreach (char c in w[1])
        {
            if (c < '0' || c > '9') { throw new CallScriptException(n, "pulse: '" + c + "' cannot be dialed (0-9 only)"); }
        }
        int pps = 10;
        bool secret = false;
        foreach (var (key, value) in Options(n, w, 2))
        {
            if (key == "pps")
            {
                pps = Int(n, key, value, 10, 20);
                if (pps != 10 && pps != 20) { throw new CallScriptException(n, "pulse: pps is 10 or 20"); }
            }
            else if (key == "secret") { secret = true; }
            else { throw new CallScriptException(n, "pulse: unknown option '" + key + "' (pps, secret)"); }
        }
        return new CallStep(n, StepKind.Pulse, Keys: w[1], Pps: pps, Secret: secret);
    }

    private static IEnumerable<(string Key, string Value)> Options(int n, string[] w, int from)
    {
        for (int i = from; i < w.Length; i++)
        {
            int eq = w[i].IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (w[i].Equals("secret", StringComparison.OrdinalIgnoreCase)) { yield return ("secret", ""); continue; }
                throw new CallScriptException(n, "'" + w[i] + "' is not an option (name=value)");
            }
            yield return (w[i][..eq].ToLowerInvariant(), w[i][(eq + 1)..]);
        }
    }

    private static int Int(int n, string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new CallScriptException(n, name + ": '" + value + "' is not a whole number from " + min + " to " + max);
        }
        return v;
    }

    // A decimal figure in units of 1/scale (dB → tenths, % → hundredths).
    private static int Tenths(int n, string name, string value, int min, int max, int scale)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)
            || d * scale != decimal.Truncate(d * scale) || d * scale < min || d * scale > max)
        {
            throw new CallScriptException(n, name + ": '" + value + "' must be a number from "
                + ((decimal)min / scale).ToString(CultureInfo.InvariantCulture) + " to " + ((decimal)max / scale).ToString(CultureInfo.InvariantCulture)
                + " in steps of " + (1m / scale).ToString(CultureInfo.InvariantCulture));
        }
        return (int)(d * scale);
    }
}
