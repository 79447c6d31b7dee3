using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Fxs.Bench;

/// <summary>One row of the report: a figure for ours and for spandsp, and whether ours meets its requirement.</summary>
public sealed record BenchRow(string Suite, string Test, string Requirement, string Fxs, bool? Pass, string Spandsp);

/// <summary>
/// Runs the DTMF conformance suites for our receiver and for spandsp on the same samples and writes a Markdown report
/// (one row per figure: test, requirement, fxs, pass/fail, spandsp).
/// </summary>
public static class DtmfBenchReport
{
    /// <summary>Exit code: every requirement met.</summary>
    public const int ExitAllMet = 0;
    /// <summary>Exit code: the bench ran and at least one requirement was not met.</summary>
    public const int ExitRequirementsNotMet = 5;
    /// <summary>Exit code: bad options.</summary>
    public const int ExitUsage = 2;
    /// <summary>Exit code: a tool or library is missing (the message names the apt package).</summary>
    public const int ExitEnvironment = 3;
    /// <summary>Exit code: the report file could not be written.</summary>
    public const int ExitOutputFailed = 4;

    /// <summary>CLI entry: parses <paramref name="args"/> (<see cref="BenchOptions.Parse"/>) and runs.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, IEnumerable<string> args)
    {
        BenchOptions options;
        try { options = BenchOptions.Parse(args); }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            stderr.WriteLine($"fxs bench dtmf: {e.Message}");
            return ExitUsage;
        }
        return Run(stdout, stderr, options);
    }

    /// <summary>Runs the selected suites for both receivers; the report goes to <paramref name="stdout"/> (and <see cref="BenchOptions.ReportPath"/>), progress to <paramref name="stderr"/>.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, BenchOptions options)
    {
        var wall = Stopwatch.StartNew();
        IReadOnlyList<BenchRow> rows;
        var timings = new List<(string Suite, double Seconds)>();
        DtmfConformanceSuite suite;
        try
        {
            SpandspDtmfReceiver.EnsureAvailable();
            suite = new DtmfConformanceSuite(options, m => stderr.WriteLine(m));
            rows = Measure(suite, new FxsDtmfDecoder(), new SpandspDtmfDecoder(), stderr, timings);
        }
        catch (BenchEnvironmentException e)
        {
            stderr.WriteLine($"fxs bench dtmf: {e.Message}");
            return ExitEnvironment;
        }
        wall.Stop();

        string markdown = Format(rows, suite, options, timings, wall.Elapsed.TotalSeconds);
        stdout.Write(markdown);
        if (options.ReportPath != null)
        {
            try { File.WriteAllText(options.ReportPath, markdown); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"fxs bench dtmf: report not written to {options.ReportPath}: {e.Message}");
                return ExitOutputFailed;
            }
        }
        if (options.PlotsDirectory != null)
        {
            try
            {
                foreach (string png in DtmfBenchPlots.Write(suite, new FxsDtmfDecoder(), new SpandspDtmfDecoder(), options.PlotsDirectory))
                {
                    stderr.WriteLine($"fxs bench dtmf: wrote {png}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"fxs bench dtmf: plots not written to {options.PlotsDirectory}: {e.Message}");
                return ExitOutputFailed;
            }
        }
        int failed = rows.Count(r => r.Pass == false);
        stderr.WriteLine(failed == 0 ? "all requirements met" : $"{failed} requirement(s) not met");
        return failed == 0 ? ExitAllMet : ExitRequirementsNotMet;
    }

    /// <summary>Measures every selected figure for <paramref name="ours"/> and <paramref name="peer"/>.</summary>
    public static IReadOnlyList<BenchRow> Measure(DtmfConformanceSuite suite, IDtmfDecoderUnderTest ours, IDtmfDecoderUnderTest peer,
        TextWriter log, List<(string Suite, double Seconds)>? timings = null)
    {
        var rows = new List<BenchRow>();
        BenchOptions o = suite.Options;

        void Section(string name, Action body)
        {
            if (!o.Runs(name)) { return; }
            var sw = Stopwatch.StartNew();
            log.WriteLine($"[{name}] ...");
            body();
            log.WriteLine($"[{name}] {sw.Elapsed.TotalSeconds:F1} s");
            timings?.Add((name, sw.Elapsed.TotalSeconds));
        }

        void Row(string s, string test, string req, string fxs, bool? pass, string sp) => rows.Add(new BenchRow(s, test, req, fxs, pass, sp));

        Section("frequency", () =>
        {
            foreach (DtmfGroup g in new[] { DtmfGroup.Low, DtmfGroup.High })
            {
                var a = suite.FrequencyTolerance(ours, g);
                var b = suite.FrequencyTolerance(peer, g);
                int fmin = g == DtmfGroup.Low ? Fxs.Core.Dsp.DtmfDigits.RowHz[0] : Fxs.Core.Dsp.DtmfDigits.ColumnHz[0];
                double need = Math.Ceiling((1.5 + 200.0 / fmin) * 10 - 1e-9) / 10;
                string name = g == DtmfGroup.Low ? "low" : "high";
                Row("a", $"{name} group offset, all 16 digits right between", $"⊇ ±{need:0.0} % (1.5 % + 2 Hz at {fmin} Hz)",
                    FreqRange(a), a.MinAcceptedPercent <= -need && a.MaxAcceptedPercent >= need,
                    FreqRange(b));
                Row("a", $"{name} group offset ±3.5..6 %: digits given", "none",
                    Beyond(a), a.DecisionsBeyond == 0, Beyond(b));
            }
        });

        Section("twist", () =>
        {
            var a = suite.Twist(ours);
            var b = suite.Twist(peer);
            Row("b", "high group stronger: max twist accepted", "≥ 6 dB", Db(a.MaxHighStrongerDb, 20), a.MaxHighStrongerDb >= 6, Db(b.MaxHighStrongerDb, 20));
            Row("b", "low group stronger: max twist accepted", "≥ 8 dB", Db(a.MaxLowStrongerDb, 20), a.MaxLowStrongerDb >= 8, Db(b.MaxLowStrongerDb, 20));
        });

        Section("level", () =>
        {
            var a = suite.LevelRange(ours);
            var b = suite.LevelRange(peer);
            Row("c", "levels accepted (per tone)", "⊇ 0 .. −36 dBm0", LevelRange(a.MaxDbm0, a.MinDbm0),
                a.MaxDbm0 >= 0 && a.MinDbm0 <= -36, LevelRange(b.MaxDbm0, b.MinDbm0));
            Row("c", "digits given at −45 .. −50 dBm0", "none", Count(a.DecisionsAtOrBelowMinus45), a.DecisionsAtOrBelowMinus45 == 0, Count(b.DecisionsAtOrBelowMinus45));
        });

        Section("timing", () =>
        {
            var a = suite.ToneDuration(ours);
            var b = suite.ToneDuration(peer);
            Row("d", "shortest tone accepted (100 ms pauses)", "≤ 40 ms", Ms(a.ShortestAcceptedMs, "none ≤ 60 ms", "≤ ", 10), a.ShortestAcceptedMs <= 40, Ms(b.ShortestAcceptedMs, "none ≤ 60 ms", "≤ ", 10));
            Row("d", "longest tone rejected", "≥ 20 ms", Ms(a.LongestRejectedMs, "none (10 ms gives digits)", "≥ ", 60), a.LongestRejectedMs >= 20, Ms(b.LongestRejectedMs, "none (10 ms gives digits)", "≥ ", 60));
            var c = suite.Pause(ours);
            var d = suite.Pause(peer);
            Row("d", "shortest pause accepted, distinct digits (50 ms tones)", "≤ 25 ms", Ms(c.ShortestDistinctMs, "none ≤ 60 ms", "≤ ", 10), c.ShortestDistinctMs <= 25, Ms(d.ShortestDistinctMs, "none ≤ 60 ms", "≤ ", 10));
            Row("d", "shortest pause accepted, repeated digit (50 ms tones)", "≤ 25 ms", Ms(c.ShortestRepeatedMs, "none ≤ 60 ms", "≤ ", 10), c.ShortestRepeatedMs <= 25, Ms(d.ShortestRepeatedMs, "none ≤ 60 ms", "≤ ", 10));
            var e = suite.Dropout(ours);
            var f = suite.Dropout(peer);
            Row("d", "longest dropout bridged (middle of a 100 ms tone)", "≥ 10 ms", Ms(e.LongestBridgedMs, "none (100 ms tone fails)", "≥ ", 40), e.LongestBridgedMs >= 10, Ms(f.LongestBridgedMs, "none (100 ms tone fails)", "≥ ", 40));
        });

        Section("noise", () =>
        {
            var a0 = suite.ImpairmentErrors(ours, DtmfImpairment.None);
            var b0 = suite.ImpairmentErrors(peer, DtmfImpairment.None);
            Row("e", "errors in 1000 digits, clean", "(sanity) 0", a0.ToString(), a0.Errors == 0, b0.ToString());
            foreach (double snr in new[] { 6.0, 4.0, 0.0 })
            {
                var a = suite.NoiseErrors(ours, snr);
                var b = suite.NoiseErrors(peer, snr);
                (string req, bool? pass) = snr switch
                {
                    6.0 => ("0", a.Errors == 0),
                    0.0 => ("≤ 1", a.Errors <= 1),
                    _ => ("(info)", (bool?)null),
                };
                Row("e", $"errors in 1000 digits, SNR {snr:0} dB", req, a.ToString(), pass, b.ToString());
            }
        });

        Section("impairments", () =>
        {
            foreach (var (imp, label) in new[]
            {
                (DtmfImpairment.DialTone, "under 400 Hz dial tone at −25 dBm0"),
                (DtmfImpairment.Hum, "under 50 Hz hum at −10 dBm0"),
                (DtmfImpairment.BandPass, "after 300-3400 Hz band-pass"),
                (DtmfImpairment.Clipping, "at −3 dBm0, clipped at −6 dBFS"),
            })
            {
                var a = suite.ImpairmentErrors(ours, imp);
                var b = suite.ImpairmentErrors(peer, imp);
                Row("f", $"errors in 1000 digits {label}", "0", a.ToString(), a.Errors == 0, b.ToString());
            }
        });

        Section("talkoff", () =>
        {
            var a = suite.TalkOff(ours);
            var b = suite.TalkOff(peer);
            Row("g", $"false digits in {a.Minutes:0.0} min of speech (−15 dBm0)", "0", False(a), a.FalseDigits == 0, False(b));
        });

        Section("echo", () =>
        {
            var a = suite.GuidanceEcho(ours);
            var b = suite.GuidanceEcho(peer);
            Row("h", $"false digits in {a.Minutes:0.0} min of guidance echo (−21 dBm0)", "0", False(a), a.FalseDigits == 0, False(b));
        });

        Section("speech", () =>
        {
            var a = suite.SpeechUnderDigitsErrors(ours);
            var b = suite.SpeechUnderDigitsErrors(peer);
            Row("i", "errors in 1000 digits, speech 6 dB under (−26 dBm0)", "(info)", a.ToString(), null, b.ToString());
        });

        Section("throughput", () =>
        {
            var t = suite.Throughput(new[] { ours, peer });
            double need = 2 * t[1].Ratio;
            Row("j", $"audio seconds per CPU second ({CpuClock.Source} CPU time, same run)", $"≥ 2× spandsp ({Num(need)})",
                Num(t[0].Ratio), t[0].Ratio >= need, Num(t[1].Ratio));
        });

        Section("state", () =>
        {
            int a = suite.StateBytes(ours), b = suite.StateBytes(peer);
            Row("k", "state per line", "≤ 1024 B", $"{a} B", a <= 1024, $"{b} B (sizeof dtmf_rx_state_t)");
        });

        Section("canceller", () =>
        {
            var a = suite.BargeInErrors(ours, cancel: true);
            var a0 = suite.BargeInErrors(ours, cancel: false);
            var b = suite.BargeInErrors(peer, cancel: false);
            Row("l", "errors in 1000 digits keyed under guidance echoed 6 dB down, 8 ms path, with the echo canceller", "≤ 1",
                $"{a} (without EC: {a0.Errors})", a.Errors <= 1, $"{b} (no EC)");
            var f = suite.EchoAloneFalseDigits(ours, cancel: true);
            var g = suite.EchoAloneFalseDigits(peer, cancel: false);
            Row("l", $"false digits from {f.Minutes:0.0} min of the guidance echo alone (8 ms path), with EC", "0",
                $"{False(f)} (ERLE {suite.EchoAloneErleDb():0.0} dB)", f.FalseDigits == 0, $"{False(g)} (no EC)");
        });

        return rows;
    }

    /// <summary>The Markdown report.</summary>
    public static string Format(IReadOnlyList<BenchRow> rows, DtmfConformanceSuite suite, BenchOptions o,
        IReadOnlyList<(string Suite, double Seconds)> timings, double wallSeconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# DTMF receiver conformance bench");
        sb.AppendLine();
        sb.AppendLine(Inv($"Seed {o.Seed}{(o.Quick ? ", quick mode" : "")}; {o.Repetitions} repetition(s) per digit, {o.Phases} onset phases. fxs = Fxs.Core.Dsp.DtmfReceiver (default profile); spandsp = Debian libspandsp.so.2 dtmf_rx, default parameters."));
        if (IsDebugBuild(typeof(Fxs.Core.Dsp.DtmfReceiver).Assembly))
        {
            sb.AppendLine();
            sb.AppendLine("**Fxs.Core is a Debug build (JIT optimiser off): the throughput row understates ours. Run a Release build for that figure.**");
        }
        sb.AppendLine();
        sb.AppendLine("| test | requirement | fxs | pass/fail | spandsp |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (BenchRow r in rows)
        {
            string pf = r.Pass switch { true => "pass", false => "**FAIL**", null => "—" };
            sb.AppendLine($"| ({r.Suite}) {r.Test} | {r.Requirement} | {r.Fxs} | {pf} | {r.Spandsp} |");
        }
        sb.AppendLine();
        sb.AppendLine("Signals (all generated in double precision, rounded and saturated to 16 bits, then µ-law round-tripped):");
        sb.AppendLine();
        double clipFrom = 20 * Math.Log10(32124.0 / 2 / Levels.ZeroDbm0Amplitude) /* µ-law decoder peak 32124 */;
        sb.AppendLine(Inv($"- 0 dBm0 = a sine 3.17 dB below µ-law's overload point (G.711), amplitude {Levels.ZeroDbm0Amplitude:F0}. Levels are per tone. Above {Signed(clipFrom, 1)} dBm0 per tone the two-tone peak exceeds µ-law full scale, so the top of the level sweep (+3 .. −2 dBm0) is clipped by the codec."));
        sb.AppendLine(Inv($"- Per-digit sweeps (a, b, c): each of the 16 digits alone, {o.Repetitions}× {DtmfConformanceSuite.ProbeOnMs:0} ms on / {DtmfConformanceSuite.ProbeOffMs:0} ms off, {Signed(DtmfConformanceSuite.ProbeDbm0, 0)} dBm0 per tone (twist: the stronger tone at {Signed(DtmfConformanceSuite.ProbeDbm0, 0)} dBm0), random starting phases; a point passes when every tone is decided exactly once with its digit and nothing else. Ranges are contiguous from the nominal point; frequency in 0.1 % steps of one group (other group nominal), scanned to ±6 %."));
        sb.AppendLine("- Timing (d): all 16 digits per signal at −10 dBm0, lead-in shifted by 0..¾ of a 102-sample block for the onset phases; tones 10..60 ms with 100 ms pauses; pauses 10..60 ms between 50 ms tones; dropouts 0..40 ms in the middle of 100 ms tones, 150 ms pauses.");
        sb.AppendLine("- 1000 random digits (e, f, i): the same digits for every condition and both receivers, 50 ms on / 50 ms off, −20 dBm0 per tone. SNR = one tone's power over white Gaussian noise across 0-4 kHz. Hum is a pure 50 Hz sine at −10 dBm0 (our choice). Band-pass: 4th-order Butterworth high-pass 300 Hz + 4th-order low-pass 3400 Hz (bilinear transform). Clipping: the digits at −3 dBm0 per tone (the loudest a Japanese phone sends; at −20 dBm0 nothing would reach the clip) clipped at |x| > 16384 (−6 dBFS).");
        sb.AppendLine("- Errors = misses + extras + wrong digits + splits (a second decision inside one sent tone).");
        sb.AppendLine("- Talk-off (g): espeak-ng in en/ja/de/fr/es/it/ru/cmn, male and female variants, pitch 20..90, 130..220 wpm, reading GPL-3, the Japanese guide and GnuPG help texts, plus /usr/share/sounds/alsa; each piece at −15 dBm0 active speech level (20 ms frames within 30 dB of the 95th-percentile frame). Speech under digits (i) uses the same corpus at −26 dBm0.");
        sb.AppendLine("- Guidance echo (h): the guide's sentences spoken by espeak-ng -v ja at −15 dBm0, attenuated 6 dB (−21 dBm0).");
        sb.AppendLine(Inv($"- Barge-in (l): the guidance (µ-law) from a seeded point, echoed through an 8 ms dispersive path (1 ms delay, damped 720 Hz ringing, opposite-sign tail; DtmfConformanceSuite.EchoPath) scaled to {DtmfConformanceSuite.EchoLossDb:0} dB echo return loss on the very signal; the 1000 digits start {DtmfConformanceSuite.BargeInLeadMs:0} ms into it; µ-law line. fxs = Fxs.Core.Dsp.Echo.LineEchoCanceller ({DtmfConformanceSuite.EchoCancellerTaps} taps, fresh at the start, 160-sample calls) then the receiver; spandsp hears the line (it has no canceller); \"without EC\" is our receiver on the line. ERLE = heard over cleaned power after the first second."));
        sb.AppendLine("- Throughput (j): both receivers decode the same 1000 digits at 6 dB SNR (100+ s) in turns, 160-sample chunks, until each has used the CPU budget; includes the bench's collection of results.");
        sb.AppendLine();
        sb.AppendLine("Time per suite (both receivers): " + string.Join(", ", timings.Select(t => Inv($"{t.Suite} {t.Seconds:F1} s"))) + Inv($"; wall clock {wallSeconds:F1} s."));
        return sb.ToString();
    }

    /// <summary>True if the assembly was compiled without optimisation (Debug configuration).</summary>
    public static bool IsDebugBuild(System.Reflection.Assembly assembly) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<DebuggableAttribute>(assembly)?.IsJITOptimizerDisabled == true;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Signed(double v, int decimals) =>
        (v > 0 ? "+" : v < 0 ? "−" : "") + Math.Abs(v).ToString(decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private static string FreqRange(FrequencyToleranceResult r)
    {
        if (r.MinAcceptedPercent is not double lo || r.MaxAcceptedPercent is not double hi) { return "none (nominal fails)"; }
        double end = FrequencyToleranceResult.ScanToPercent;
        return $"{(lo <= -end ? "≤ " : "")}{Signed(lo, 1)} .. {(hi >= end ? "≥ " : "")}{Signed(hi, 1)} %";
    }

    private static string LevelRange(int? max, int? min) =>
        max == null || min == null ? "none (−10 dBm0 fails)" : $"{Signed(max.Value, 0)} .. {(min <= -50 ? "≤ " : "")}{Signed(min.Value, 0)} dBm0";

    private static string Beyond(FrequencyToleranceResult r) =>
        r.DecisionsBeyond == 0 ? "none" : $"{r.DecisionsBeyond} digits at {r.OffsetsWithDecisionsBeyond} offsets";

    private static string Db(int? v, int scanEnd) => v == null ? "none (0 dB fails)" : $"{(v >= scanEnd ? "≥ " : "")}{v} dB";

    private static string Ms(int? v, string none, string atEnd, int scanEnd) => v == null ? none : $"{(v == scanEnd ? atEnd : "")}{v} ms";

    private static string Count(int n) => n == 0 ? "none" : n.ToString(CultureInfo.InvariantCulture);

    private static string False(FalseDigitResult r) => r.FalseDigits == 0 ? "0" : $"{r.FalseDigits} ({r.Digits}{(r.FalseDigits > r.Digits.Length ? "…" : "")})";

    private static string Num(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
}
