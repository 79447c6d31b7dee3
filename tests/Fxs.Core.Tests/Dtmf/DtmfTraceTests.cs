using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// The receiver's trace (issue #11, "why a key was refused"): what it measures per window is the
/// signal's own level, twist and frequency error, and tracing never changes a decision.
/// </summary>
public class DtmfTraceTests
{
    private sealed class Windows : IDtmfTraceListener
    {
        public readonly List<(char Digit, int Row, int Column, int RowOffset, int ColumnOffset, DtmfRule Rule)> Seen = new();

        public void Window(DtmfWindowTrace w) =>
            Seen.Add((w.Digit, w.RowLevelCentiDbm0, w.ColumnLevelCentiDbm0, w.RowOffsetCentiPercent, w.ColumnOffsetCentiPercent, w.Rule));
    }

    private static (Decoded Digits, Windows Trace) Run(short[] line, bool trace)
    {
        var decoded = new Decoded();
        var windows = new Windows();
        var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), decoded);
        if (trace) { receiver.Trace = windows; }
        for (int at = 0; at < line.Length; at += 80) { receiver.Process(line, at, Math.Min(80, line.Length - at)); }
        receiver.Flush();
        return (decoded, windows);
    }

    [Fact]
    public void Hit_windows_report_the_tones_level_twist_and_frequency_error()
    {
        // '5' (770 + 1336 Hz): row −12 dBm0 and 1 % high, column −9 dBm0 and 0.8 % low.
        short[] line = new LineSignal().Silence(50).Digit('5', 100, -120, -90, 100, -80).Silence(80).ToLine();
        var (digits, trace) = Run(line, trace: true);
        Assert.Equal("5", digits.Digits);
        var hits = trace.Seen.FindAll(w => w.Rule == DtmfRule.Hit);
        Assert.True(hits.Count >= 10, $"{hits.Count} hit windows");
        double rowOffset = 0, columnOffset = 0;
        foreach (var w in hits)
        {
            Assert.Equal('5', w.Digit);
            Assert.InRange(w.Row, -1250, -1150);       // −12 dBm0 ± 0.5 dB (µ-law)
            Assert.InRange(w.Column, -950, -850);      // −9 dBm0
            // One window's estimate wavers with the other tone's leakage into a 5 ms sub-block...
            Assert.InRange(w.RowOffset, 100 - 50, 100 + 50);
            Assert.InRange(w.ColumnOffset, -80 - 50, -80 + 50);
            rowOffset += w.RowOffset / (double)hits.Count;
            columnOffset += w.ColumnOffset / (double)hits.Count;
        }
        // ... and the mean over the key is within 0.15 %.
        Assert.InRange(rowOffset, 100 - 15, 100 + 15);
        Assert.InRange(columnOffset, -80 - 15, -80 + 15);
    }

    [Fact]
    public void A_key_too_far_off_frequency_is_traced_with_the_rule_that_refused_it()
    {
        short[] line = new LineSignal().Silence(50).Digit('8', 100, -100, -100, 0, 300).Silence(80).ToLine();
        var (digits, trace) = Run(line, trace: true);
        Assert.Equal("", digits.Digits);
        Assert.Contains(trace.Seen, w => w.Digit == '8' && w.Rule == DtmfRule.ColumnOffFrequency && w.ColumnOffset > 250);
    }

    [Fact]
    public void Tracing_never_changes_a_decision()
    {
        var line = new LineSignal().Silence(50);
        var random = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            line.Digit(DtmfDigits.All[random.Next(16)], 40 + random.Next(40), -100 - random.Next(300), -100 - random.Next(300)).Silence(30 + random.Next(40));
        }
        short[] samples = line.AddNoise(-200, 3, 5).ToLine();
        var plain = Run(samples, trace: false).Digits;
        var traced = Run(samples, trace: true).Digits;
        Assert.Equal(plain.Events, traced.Events);
    }
}
