using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal;

namespace Fxs.Bench.Echo;

/// <summary>The echo-delay section's outcome: its Markdown and its pass/fail lines.</summary>
public sealed record EchoDelayResult(string Markdown, IReadOnlyList<(string Test, string Target, string Figure, bool Pass)> Rows);

/// <summary>
/// Keys and talk-off under the guidance echo, for every G.168 echo path model m1-m8 at bulk delays
/// 0-60 ms, 6 dB return loss (issue #11, item 2): the delay-tracking echo canceller must find each
/// echo from the board's default hint (window at 0) and leave ≤ 1 missed key in 1000 and 0 false digits.
/// </summary>
public static class EchoDelayBench
{
    /// <summary>Bulk delays, ms.</summary>
    public static readonly int[] DelaysMs = { 0, 10, 20, 30, 40, 50, 60 };

    /// <summary>Echo return loss, dB.</summary>
    public const double ReturnLossDb = 6.0;

    /// <summary>Level of each tone of a key, dBm0.</summary>
    public const double KeyDbm0 = -20.0;

    /// <summary>Keys per cell (full run).</summary>
    public const int Keys = 1000;

    /// <summary>Runs the cells (quick: m1, m4, m6 at 0, 30, 60 ms with 200 keys), two at a time.</summary>
    public static EchoDelayResult Run(IPromptSource prompts, bool quick, TextWriter progress)
    {
        short[] guidance = EchoDelayScene.Guidance(prompts);
        int[] models = quick ? new[] { 1, 4, 6 } : Enumerable.Range(1, G168EchoPaths.Count).ToArray();
        int[] delays = quick ? new[] { 0, 30, 60 } : DelaysMs;
        int keys = quick ? 200 : Keys;
        var cells = new List<(int M, int D)>();
        foreach (int m in models) { foreach (int d in delays) { cells.Add((m, d)); } }
        progress.WriteLine(Inv($"[echo delay] {cells.Count} cells (G.168 m × bulk delay), {keys} keys each + {guidance.Length / (double)LineTime.SampleRateHz:F0} s of guidance echo alone ..."));
        var results = new EchoDelayCell[cells.Count];
        Parallel.For(0, cells.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(2, Environment.ProcessorCount)) }, i =>
        {
            results[i] = EchoDelayScene.Run(guidance, cells[i].M, cells[i].D, ReturnLossDb, keys, KeyDbm0, seed: 1100 + 100 * cells[i].M + cells[i].D);
        });
        return Report(results, models, delays, keys, guidance.Length);
    }

    private static EchoDelayResult Report(EchoDelayCell[] cells, int[] models, int[] delays, int keys, int guidanceSamples)
    {
        EchoDelayCell At(int m, int d) => cells.First(c => c.Model == m && c.BulkDelayMs == d);
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("## Guidance echo through the G.168 echo paths (delay-tracking echo canceller)");
        sb.AppendLine();
        sb.AppendLine(Inv($"The prompts of prompts/ja as the port plays them (µ-law, {guidanceSamples / (double)LineTime.SampleRateHz:F0} s, 300 ms between prompts), echoed through ITU-T G.168 Annex D model m1-m8 (spandsp's g168models tables) behind the bulk delay, {ReturnLossDb:F0} dB return loss on the guidance, µ-law line; ")
            + Inv($"the port's path: DelayTrackingEchoCanceller (128 taps, window start 0-64 ms, starting at 0 as with the sim board's echoDelayFrames = 1) → DtmfReceiver (default profile). Keys: {keys} random digits, {KeyDbm0:F0} dBm0 per tone, 50/50 ms, from {EchoDelayScene.KeyStartMs / 1000.0:F0} s into the guidance (a guidance start point drawn per cell). ")
            + "Talk-off: the whole guidance's echo alone, on a fresh canceller. Cell: **missed keys / false digits** (false digits = extras under the keys + digits from the echo alone).");
        sb.AppendLine();
        sb.AppendLine("| model | " + string.Join(" | ", delays.Select(d => d + " ms")) + " |");
        sb.AppendLine("|---|" + string.Concat(delays.Select(_ => "---|")));
        foreach (int m in models)
        {
            sb.AppendLine("| m" + m + " | " + string.Join(" | ", delays.Select(d => { var c = At(m, d); return c.Missed + " / " + (c.FalseUnderKeys + c.TalkOffDigits); })) + " |");
        }
        sb.AppendLine();
        sb.AppendLine("Where the canceller's window ended (start, ms; the path's strongest tap is at bulk + its own delay) and when it settled there: **window start / strongest tap, ms (settled s; path energy left outside the window, dB)**. Settled: from the guidance's start, on the echo alone, the last move to a window holding all but 1 % of the path's energy. The window starts at 0 (the hint) and holds 16 ms.");
        sb.AppendLine();
        sb.AppendLine("| model | " + string.Join(" | ", delays.Select(d => d + " ms")) + " |");
        sb.AppendLine("|---|" + string.Concat(delays.Select(_ => "---|")));
        foreach (int m in models)
        {
            sb.AppendLine("| m" + m + " | " + string.Join(" | ", delays.Select(d =>
            {
                var c = At(m, d);
                string settled = double.IsNaN(c.SettledMs) ? "never" : Inv($"{c.SettledMs / 1000.0:F2} s");
                return Inv($"{c.WindowStartSamples / 8.0:F1} / {c.TrueDelaySamples / 8.0:F1} ({settled}; {c.OutsideDb:F0} dB)");
            })) + " |");
        }
        sb.AppendLine();
        sb.AppendLine(Inv($"Per-line state of the canceller with its delay line and estimator: {cells[0].StateBytes} B."));

        int worstMissed = cells.Max(c => c.Missed);
        int falseDigits = cells.Sum(c => c.FalseUnderKeys + c.TalkOffDigits);
        int unlocked = cells.Count(c => double.IsNaN(c.SettledMs));
        double worstLock = cells.Where(c => !double.IsNaN(c.SettledMs)).Select(c => c.SettledMs).DefaultIfEmpty(0).Max();
        var rows = new List<(string, string, string, bool)>
        {
            (Inv($"(d) keys missed under the guidance echo, worst G.168 model × delay cell, per {keys}"), Inv($"≤ {Math.Max(1, keys / 1000)}"), worstMissed.ToString(CultureInfo.InvariantCulture), worstMissed <= Math.Max(1, keys / 1000)),
            ("(d) false digits from the guidance echo, all cells (under the keys and echo alone)", "0", falseDigits.ToString(CultureInfo.InvariantCulture), falseDigits == 0),
            ("(d) cells whose canceller window settled on the echo (≤ 1 % of the path's energy outside)", Inv($"{cells.Length}"), Inv($"{cells.Length - unlocked} (slowest {worstLock / 1000.0:F2} s)"), unlocked == 0),
        };
        return new EchoDelayResult(sb.ToString(), rows);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
