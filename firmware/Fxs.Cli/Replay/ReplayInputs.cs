using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Fxs.Cli.Replay;

// One input of `fxs replay` that cannot be used. The message is the single stderr line, naming the file.
internal sealed class ReplayInputException : Exception
{
    /// <summary>A bad input file (exit <see cref="ExitCodes.BadInput"/>), or with <paramref name="exitCode"/> a bad option (<see cref="ExitCodes.Usage"/>).</summary>
    public ReplayInputException(string message, int exitCode = ExitCodes.BadInput) : base(message) { ExitCode = exitCode; }

    /// <summary>The exit code of this kind of failure (the same in every command).</summary>
    public int ExitCode { get; }
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
