using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Fxs.Bench;

/// <summary>
/// One row of the report: a figure for ours, spandsp and multimon-ng, whether ours meets its requirement, and (when the
/// row is ranked) how ours stands against the two peers.
/// </summary>
public sealed record BenchRow(string Suite, string Test, string Requirement, string Fxs, bool? Pass, string Spandsp, string Multimon, Standing? Standing)
{
    /// <summary>True when fxs is first or tied against both peers, or the row is not ranked.</summary>
    public bool FirstOrTied => Standing?.FirstOrTied ?? true;
}

/// <summary>
/// The three receivers' values on one row (fxs, spandsp, multimon-ng) and which way is better. <paramref name="Basis"/>
/// names the values when they are not the row's own figures (e.g. "margin, ms"), and they are then shown beside the standing.
/// </summary>
public sealed record Standing(double Fxs, double Spandsp, double Multimon, bool LowerIsBetter, string? Basis = null)
{
    private bool Worse(double a, double b) => LowerIsBetter ? a > b : a < b;

    /// <summary>fxs no worse than either peer.</summary>
    public bool FirstOrTied => !Worse(Fxs, Spandsp) && !Worse(Fxs, Multimon);

    public override string ToString() => Basis is null ? Words() : FormattableString.Invariant($"{Words()} ({Basis}: {Fxs:0.#} / {Spandsp:0.#} / {Multimon:0.#})");

    private string Words()
    {
        bool behindS = Worse(Fxs, Spandsp), behindM = Worse(Fxs, Multimon);
        if (behindS && behindM) { return "**behind both**"; }
        if (behindS) { return "**behind spandsp**"; }
        if (behindM) { return "**behind multimon-ng**"; }
        return Worse(Spandsp, Fxs) && Worse(Multimon, Fxs) ? "first" : "tied";
    }
}

/// <summary>
/// Runs the DTMF conformance suites for our receiver, spandsp and multimon-ng on the same samples and writes a Markdown
/// report (one row per figure: test, requirement, fxs, pass/fail, spandsp, multimon-ng, fxs vs peers).
/// </summary>
public static class DtmfBenchReport
{
    /// <summary>Exit code: every requirement met.</summary>
    public const int ExitAllMet = 0;
    /// <summary>Exit code: the bench ran and at least one requirement was not met, or fxs is behind a peer on a ranked row.</summary>
    public const int ExitRequirementsNotMet = 5;
    /// <summary>Exit code: bad options.</summary>
    public const int ExitUsage = 2;
    /// <summary>Exit code: a tool or library is missing (the message names the apt package).</summary>
    public const int ExitEnvironment = 3;
    /// <summary>Exit code: the report file could not be written.</summary>
    public const int ExitOutputFailed = 4;

    /// <summary>
    /// Ranking caps: going past these is no merit, because another requirement forbids it, so a peer that goes further
    /// (e.g. multimon-ng accepting tones ±3.6 % off or −50 dBm0) ranks as if it stopped there: frequency range 3.4 %
    /// (nothing from 3.5 %), level −44 dBm0 (nothing at −45).
    /// </summary>
    public const double RankCapPercent = 3.4;
    public const int RankCapLevelDbm0 = -44;

    /// <summary>Timing (d) requirements, in ms: tones this long are decided, tones this short are not.</summary>
    public const int ToneAcceptedMs = 40, ToneRejectedMs = 20;

    /// <summary>Timing (d) requirements, in ms: a pause this long between two presses of one key gives two digits, a dropout this long inside one press gives one.</summary>
    public const int RepeatSplitMs = 25, DropoutBridgedMs = 10;

    /// <summary>
    /// The rank of a threshold measured from its two sides, in ms: the worse of its margins from the two requirements
    /// it sits between. A receiver that accepts shorter tones rejects fewer, and one that bridges longer dropouts splits
    /// fewer repeated keys (a dropout and a pause between two presses of one key are one signal); ranking each side on
    /// its own would reward either side bought with the other, and no threshold finer than 1 ms could be first on both.
    /// </summary>
    /// <param name="shortestLongMs">The shortest duration treated as long (a tone decided, a pause splitting), null if none in the scan.</param>
    /// <param name="atMostMs">Its requirement: at most this.</param>
    /// <param name="longestShortMs">The longest duration treated as short (a tone rejected, a dropout bridged), null if none in the scan.</param>
    /// <param name="atLeastMs">Its requirement: at least this.</param>
    public static double ThresholdMarginMs(int? shortestLongMs, int atMostMs, int? longestShortMs, int atLeastMs) =>
        Math.Min(atMostMs - (shortestLongMs ?? 1000), (longestShortMs ?? -1000) - atLeastMs);

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
            MultimonDtmfDecoder.EnsureAvailable();
            suite = new DtmfConformanceSuite(options, m => stderr.WriteLine(m));
            rows = Measure(suite, new FxsDtmfDecoder(), new IDtmfDecoderUnderTest[] { new SpandspDtmfDecoder(), new MultimonDtmfDecoder() }, stderr, timings);
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
        int behind = rows.Count(r => !r.FirstOrTied);
        stderr.WriteLine(failed == 0 && behind == 0
            ? "all requirements met; fxs first or tied on every ranked row"
            : $"{failed} requirement(s) not met; fxs behind a peer on {behind} row(s)");
        return failed == 0 && behind == 0 ? ExitAllMet : ExitRequirementsNotMet;
    }

    /// <summary>
    /// Measures every selected figure for <paramref name="ours"/> and each peer (spandsp, multimon-ng) on the same
    /// samples. Rows that compare error counts rank by the sequence-alignment errors (<see cref="DtmfScore.RankErrors"/>),
    /// the one figure every receiver has; fxs's requirement is checked on its timed score.
    /// </summary>
    public static IReadOnlyList<BenchRow> Measure(DtmfConformanceSuite suite, IDtmfDecoderUnderTest ours, IReadOnlyList<IDtmfDecoderUnderTest> peers,
        TextWriter log, List<(string Suite, double Seconds)>? timings = null)
    {
        if (peers.Count != 2) { throw new ArgumentException("two peers: spandsp and multimon-ng", nameof(peers)); }
        var rows = new List<BenchRow>();
        BenchOptions o = suite.Options;
        IDtmfDecoderUnderTest[] all = { ours, peers[0], peers[1] };
        T[] Each<T>(Func<IDtmfDecoderUnderTest, T> f) => all.Select(f).ToArray();

        void Section(string name, Action body)
        {
            if (!o.Runs(name)) { return; }
            var sw = Stopwatch.StartNew();
            log.WriteLine($"[{name}] ...");
            body();
            log.WriteLine($"[{name}] {sw.Elapsed.TotalSeconds:F1} s");
            timings?.Add((name, sw.Elapsed.TotalSeconds));
        }

        // A ranked row: figures and values for fxs, spandsp, multimon-ng; values compared lower- or higher-is-better.
        void Row(string s, string test, string req, string[] figures, bool? pass, double[]? values, bool lowerIsBetter, string? basis = null) =>
            rows.Add(new BenchRow(s, test, req, figures[0], pass, figures[1], figures[2],
                values == null ? null : new Standing(values[0], values[1], values[2], lowerIsBetter, basis)));
        void Errors(string s, string test, string req, DtmfScore[] r, bool pass) =>
            Row(s, test, req, r.Select(x => x.ToString()).ToArray(), pass, r.Select(x => (double)x.RankErrors).ToArray(), true);
        void Falses(string s, string test, string req, FalseDigitResult[] r) =>
            Row(s, test, req, r.Select(False).ToArray(), r[0].FalseDigits == 0, r.Select(x => (double)x.FalseDigits).ToArray(), true);

        Section("frequency", () =>
        {
            foreach (DtmfGroup g in new[] { DtmfGroup.Low, DtmfGroup.High })
            {
                var r = Each(d => suite.FrequencyTolerance(d, g));
                int fmin = g == DtmfGroup.Low ? Fxs.Core.Dsp.DtmfDigits.RowHz[0] : Fxs.Core.Dsp.DtmfDigits.ColumnHz[0];
                double need = Math.Ceiling((1.5 + 200.0 / fmin) * 10 - 1e-9) / 10;
                string name = g == DtmfGroup.Low ? "low" : "high";
                Row("a", $"{name} group offset, all 16 digits right between", $"⊇ ±{need:0.0} % (1.5 % + 2 Hz at {fmin} Hz)",
                    r.Select(FreqRange).ToArray(), r[0].MinAcceptedPercent <= -need && r[0].MaxAcceptedPercent >= need,
                    r.Select(x => x.MinAcceptedPercent is double lo && x.MaxAcceptedPercent is double hi ? Math.Min(Math.Min(-lo, hi), RankCapPercent) : -1).ToArray(), false);
                Row("a", $"{name} group offset ±3.5..6 %: digits given", "none",
                    r.Select(Beyond).ToArray(), r[0].DecisionsBeyond == 0, r.Select(x => (double)x.DecisionsBeyond).ToArray(), true);
            }
        });

        Section("twist", () =>
        {
            var r = Each(suite.Twist);
            Row("b", "high group stronger: max twist accepted", "≥ 6 dB", r.Select(x => Db(x.MaxHighStrongerDb, 20)).ToArray(), r[0].MaxHighStrongerDb >= 6,
                r.Select(x => (double)(x.MaxHighStrongerDb ?? -1)).ToArray(), false);
            Row("b", "low group stronger: max twist accepted", "≥ 8 dB", r.Select(x => Db(x.MaxLowStrongerDb, 20)).ToArray(), r[0].MaxLowStrongerDb >= 8,
                r.Select(x => (double)(x.MaxLowStrongerDb ?? -1)).ToArray(), false);
        });

        Section("level", () =>
        {
            var r = Each(suite.LevelRange);
            Row("c", "levels accepted (per tone)", "⊇ 0 .. −36 dBm0", r.Select(x => LevelRange(x.MaxDbm0, x.MinDbm0)).ToArray(),
                r[0].MaxDbm0 >= 0 && r[0].MinDbm0 <= -36, r.Select(x => x.MaxDbm0 is int hi && x.MinDbm0 is int lo ? (double)(hi - Math.Max(lo, RankCapLevelDbm0)) : -1).ToArray(), false);
            Row("c", "digits given at −45 .. −50 dBm0", "none", r.Select(x => Count(x.DecisionsAtOrBelowMinus45)).ToArray(), r[0].DecisionsAtOrBelowMinus45 == 0,
                r.Select(x => (double)x.DecisionsAtOrBelowMinus45).ToArray(), true);
        });

        Section("timing", () =>
        {
            // Each threshold is ranked by its worse margin, on both of its rows (ThresholdMarginMs).
            const string ToneBasis = "worse margin, ms", GapBasis = "worse margin, ms";
            var a = Each(suite.ToneDuration);
            double[] tone = a.Select(x => ThresholdMarginMs(x.ShortestAcceptedMs, ToneAcceptedMs, x.LongestRejectedMs, ToneRejectedMs)).ToArray();
            Row("d", "shortest tone accepted (100 ms pauses)", $"≤ {ToneAcceptedMs} ms", a.Select(x => Ms(x.ShortestAcceptedMs, "none ≤ 60 ms", "≤ ", 10)).ToArray(),
                a[0].ShortestAcceptedMs <= ToneAcceptedMs, tone, false, ToneBasis);
            Row("d", "longest tone rejected", $"≥ {ToneRejectedMs} ms", a.Select(x => Ms(x.LongestRejectedMs, "none (10 ms gives digits)", "≥ ", 60)).ToArray(),
                a[0].LongestRejectedMs >= ToneRejectedMs, tone, false, ToneBasis);
            var p = Each(suite.Pause);
            var d = Each(suite.Dropout);
            double[] gap = p.Zip(d, (x, y) => ThresholdMarginMs(x.ShortestRepeatedMs, RepeatSplitMs, y.LongestBridgedMs, DropoutBridgedMs)).ToArray();
            Row("d", "shortest pause accepted, distinct digits (50 ms tones)", "≤ 25 ms", p.Select(x => Ms(x.ShortestDistinctMs, "none ≤ 60 ms", "≤ ", 10)).ToArray(),
                p[0].ShortestDistinctMs <= 25, p.Select(x => (double)(x.ShortestDistinctMs ?? 1000)).ToArray(), true);
            Row("d", "shortest pause accepted, repeated digit (50 ms tones)", $"≤ {RepeatSplitMs} ms", p.Select(x => Ms(x.ShortestRepeatedMs, "none ≤ 60 ms", "≤ ", 10)).ToArray(),
                p[0].ShortestRepeatedMs <= RepeatSplitMs, gap, false, GapBasis);
            Row("d", "longest dropout bridged (middle of a 100 ms tone)", $"≥ {DropoutBridgedMs} ms", d.Select(x => Ms(x.LongestBridgedMs, "none (100 ms tone fails)", "≥ ", 40)).ToArray(),
                d[0].LongestBridgedMs >= DropoutBridgedMs, gap, false, GapBasis);
        });

        Section("noise", () =>
        {
            var c = Each(d => suite.ImpairmentErrors(d, DtmfImpairment.None));
            Errors("e", "errors in 1000 digits, clean", "(sanity) 0", c, c[0].Errors == 0);
            foreach (double snr in new[] { 6.0, 4.0, 0.0 })
            {
                var r = Each(d => suite.NoiseErrors(d, snr));
                (string req, bool? pass) = snr switch
                {
                    6.0 => ("0", r[0].Errors == 0),
                    0.0 => ("≤ 1", r[0].Errors <= 1),
                    _ => ("(info)", (bool?)null),
                };
                Row("e", $"errors in 1000 digits, SNR {snr:0} dB", req, r.Select(x => x.ToString()).ToArray(), pass, r.Select(x => (double)x.RankErrors).ToArray(), true);
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
                var r = Each(d => suite.ImpairmentErrors(d, imp));
                Errors("f", $"errors in 1000 digits {label}", "0", r, r[0].Errors == 0);
            }
        });

        Section("talkoff", () =>
        {
            var r = Each(suite.TalkOff);
            Falses("g", $"false digits in {r[0].Minutes:0.0} min of espeak-ng speech (−15 dBm0)", "0", r);
        });

        Section("echo", () =>
        {
            var r = Each(suite.GuidanceEcho);
            Falses("h", $"false digits in {r[0].Minutes:0.0} min of guidance echo (−21 dBm0)", "0", r);
        });

        Section("speech", () =>
        {
            var r = Each(suite.SpeechUnderDigitsErrors);
            Row("i", "errors in 1000 digits, espeak-ng speech 6 dB under (−26 dBm0)", "(info)", r.Select(x => x.ToString()).ToArray(), null,
                r.Select(x => (double)x.RankErrors).ToArray(), true);
        });

        Section("throughput", () =>
        {
            var t = suite.Throughput(new[] { ours, peers[0] });
            double need = 2 * t[1].Ratio;
            // Host-dependent: information against its target, never a failed run (issue #14: exit 5 is conformance only).
            Row("j", $"audio seconds per CPU second ({CpuClock.Source} CPU time, same run)", $"≥ 2× spandsp ({Num(need)}; information: depends on the host)",
                new[] { Num(t[0].Ratio) + (t[0].Ratio >= need ? " (target met)" : " (below target)"), Num(t[1].Ratio), "n/a (a process)" }, null, null, false);
        });

        Section("state", () =>
        {
            int a = suite.StateBytes(ours), b = suite.StateBytes(peers[0]);
            Row("k", "state per line", "≤ 1024 B", new[] { $"{a} B", $"{b} B (sizeof dtmf_rx_state_t)", "n/a (a process)" }, a <= 1024, null, true);
        });

        Section("canceller", () =>
        {
            var a = suite.BargeInErrors(ours, cancel: true);
            var a0 = suite.BargeInErrors(ours, cancel: false);
            var b = suite.BargeInErrors(peers[0], cancel: false);
            var m = suite.BargeInErrors(peers[1], cancel: false);
            Row("l", "errors in 1000 digits keyed under guidance echoed 6 dB down, 8 ms path, with the echo canceller", "≤ 1",
                new[] { $"{a} (without EC: {a0.Errors})", $"{b} (no EC)", $"{m} (no EC)" }, a.Errors <= 1,
                new double[] { a.RankErrors, b.RankErrors, m.RankErrors }, true);
            var f = suite.EchoAloneFalseDigits(ours, cancel: true);
            var g = suite.EchoAloneFalseDigits(peers[0], cancel: false);
            var h = suite.EchoAloneFalseDigits(peers[1], cancel: false);
            Row("l", $"false digits from {f.Minutes:0.0} min of the guidance echo alone (8 ms path), with EC", "0",
                new[] { $"{False(f)} (ERLE {suite.EchoAloneErleDb():0.0} dB)", $"{False(g)} (no EC)", $"{False(h)} (no EC)" }, f.FalseDigits == 0,
                new double[] { f.FalseDigits, g.FalseDigits, h.FalseDigits }, true);
        });

        Section("offsets", () =>
        {
            foreach (int rs in new[] { 1, -1 })
            {
                foreach (int cs in new[] { 1, -1 })
                {
                    var r = Each(d => suite.LimitOffsetErrors(d, rs, cs));
                    Errors("m", $"errors in 1000 digits, row {Sign(rs)}(1.5 % + 2 Hz), column {Sign(cs)}(1.5 % + 2 Hz)", "0", r, r[0].Errors == 0);
                }
            }
            var rc = Each(suite.RuleCornerErrors);
            Errors("m", $"errors in 1000 digits at the Japanese rule's corners at once: each tone 1.5 % off (signs drawn per digit), the column {DtmfConformanceSuite.RuleTwistDb:0} dB stronger, "
                + $"noise {DtmfConformanceSuite.RuleCornerSnrDb:0} dB under the row", "≤ both peers", rc,
                rc[0].RankErrors <= rc[1].RankErrors && rc[0].RankErrors <= rc[2].RankErrors);
            var b = Each(suite.BeyondOffsetDigits);
            string Four(int[] x) => x.Sum() == 0 ? "none" : $"{x.Sum()} (++ {x[0]}, +− {x[1]}, −+ {x[2]}, −− {x[3]})";
            Row("m", $"digits given from 1000 digits with both tones off ±{string.Join("/", DtmfConformanceSuite.RejectOffsetsPercent.Select(p => p.ToString("0.0", CultureInfo.InvariantCulture)))} %, four sign combinations",
                "none", b.Select(Four).ToArray(), b[0].Sum() == 0, b.Select(x => (double)x.Sum()).ToArray(), true);
        });

        Section("realspeech", () =>
        {
            foreach (double under in DtmfConformanceSuite.RecordedSpeechUnderDb)
            {
                var r = Each(d => suite.RecordedSpeechUnderDigitsErrors(d, under));
                bool noWorse = r[0].RankErrors <= r[2].RankErrors;
                string level = under == 0 ? "at the tones' level" : $"{under:0} dB under";
                string req = under == 6.0 ? "≤ 2, ≤ multimon-ng" : "≤ multimon-ng";
                Errors("n", $"errors in 1000 digits, recorded speech {level} ({Signed(DtmfConformanceSuite.RandomDigitsDbm0 - under, 0)} dBm0)", req, r,
                    noWorse && (under != 6.0 || r[0].Errors <= 2));
            }
        });

        Section("held", () =>
        {
            var h = Each(d => suite.HeldKeyErrors(d));
            var wanderOnly = Each(d => suite.HeldKeyErrors(d, wander: true, dips: false));
            var dipsOnly = Each(d => suite.HeldKeyErrors(d, wander: false, dips: true));
            Row("o", $"errors in {DtmfConformanceSuite.HeldKeyCount} keys held 0.3-2 s, ±10 dB wander, dips ≤ 20 ms / ≤ 20 dB [the same keys with wander only; dips only]", "0 (one digit per key)",
                h.Select((x, i) => $"{x} [{wanderOnly[i].RankErrors}; {dipsOnly[i].RankErrors}]").ToArray(), h[0].Errors == 0,
                h.Select(x => (double)x.RankErrors).ToArray(), true);
            var g = Each(suite.RepeatedKeyGapErrors);
            Errors("o", $"errors in {DtmfConformanceSuite.GapPairCount} pairs of one key 30 ms apart (real silence)", "0 (two digits per pair)", g, g[0].Errors == 0);
        });

        Section("tails", () =>
        {
            var t = Each(suite.TailErrors);
            Errors("p", "errors in 1000 keys (−6 dBm0) each with a decaying tail 25-40 dB down, ≤ 100 ms", "0", t, t[0].Errors == 0);
            foreach (double loss in DtmfConformanceSuite.KeyEchoLossDb)
            {
                var per = Each(d => suite.KeyEchoErrorsPerDelay(d, loss));
                var r = per.Select(x => x.Aggregate(DtmfScore.Zero, (a, b) => a + b)).ToArray();
                string delays = string.Join("/", DtmfConformanceSuite.KeyEchoDelaysMs);
                Row("p", $"errors in 4×1000 keys (−6 dBm0) with their echo {loss:0} dB down, delayed {delays} ms [per delay]", "0",
                    r.Select((x, i) => $"{x} [{string.Join("/", per[i].Select(y => y.RankErrors))}]").ToArray(), r[0].Errors == 0,
                    r.Select(x => (double)x.RankErrors).ToArray(), true);
            }
        });

        Section("dialtone", () =>
        {
            foreach (var (kind, label) in new[]
            {
                (DialToneKind.Hz350Plus440, "350+440 Hz"), (DialToneKind.Hz425, "425 Hz"), (DialToneKind.Hz400, "400 Hz"),
            })
            {
                var r = Each(d => suite.DialToneUnderFirstKeysErrors(d, kind));
                Errors("q", $"errors in 100 fast-dialled sequences of 10, a {label} dial tone at the keys' level under the first keys", "0", r, r[0].Errors == 0);
            }
            var e = Each(suite.EchoedDialToneErrors);
            Errors("q", "errors in 1000 digits over the gateway's 400 Hz dial tone echoed at 3 dB return loss (−23 dBm0)", "0", e, e[0].Errors == 0);
        });

        Section("encoder", () =>
        {
            var r = Each(suite.EncoderErrors);
            Errors("r", "errors in 1000 digits from an 8-bit encoder near full scale, IM3 20 dB down, tones 1.1-1.4 % low", "0", r, r[0].Errors == 0);
        });

        Section("realtalkoff", () =>
        {
            var r = Each(suite.RecordedTalkOff);
            Falses("s", Inv($"false digits in {suite.RecordedSpeechCorpus.Minutes:0.0} min of recorded speech + {suite.RecordedMusicCorpus.Minutes:0.0} min of music (−15 dBm0)"), "0", r);
            var p = Each(suite.PromptEchoFalseDigits);
            Falses("s", $"false digits in {p[0].Minutes:0.0} min of the product's guidance at 0 dB return loss, no EC", "0", p);
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
        sb.AppendLine(Inv($"Seed {o.Seed}{(o.Quick ? ", quick mode" : "")}; {o.Repetitions} repetition(s) per digit, {o.Phases} onset phases. fxs = Fxs.Core.Dsp.DtmfReceiver (default profile); spandsp = Debian libspandsp.so.2 dtmf_rx, default parameters; multimon-ng = {MultimonDtmfDecoder.Version()} -a DTMF as a process on the same samples (resampled in process to its 22,050 Hz raw input, Kaiser-windowed sinc)."));
        sb.AppendLine();
        sb.AppendLine("Scoring: fxs and spandsp report each digit's onset and end, so they are scored by timing (a decision is given to the sent tone it overlaps most; misses, extras, wrong digits, splits); multimon-ng reports only the sequence, so it is scored by sequence alignment (edit distance: sub = wrong digit, del = key lost, ins = digit invented). Every error row also aligns fxs's and spandsp's sequences (\"aligned N\" where that differs from the timed count), and \"fxs vs peers\" ranks the three by the aligned count, the figure all three have; fxs's requirement is checked on its timed count. Ranges rank by their extent (frequency: the smaller side; level: the span), capped where another requirement forbids going further (frequency 3.4 %, level −44 dBm0). A timing threshold is measured from its two sides by two rows, and both rows rank it by the worse of its two margins: tone duration min(40 − shortest accepted, longest rejected − 20) ms; a gap inside one key min(25 − shortest repeated-digit pause, longest dropout bridged − 10) ms (a pause between two presses of one key and a dropout in one press are one signal: bridging longer means splitting fewer). Ranked on its own, either side is bought with the other, and only a threshold exact to 1 ms could be first on both. Throughput and state are not ranked (multimon-ng is a separate process). The bench exits 0 only when every requirement is met and fxs is first or tied on every ranked row.");
        if (IsDebugBuild(typeof(Fxs.Core.Dsp.DtmfReceiver).Assembly))
        {
            sb.AppendLine();
            sb.AppendLine("**Fxs.Core is a Debug build (JIT optimiser off): the throughput row understates ours. Run a Release build for that figure.**");
        }
        sb.AppendLine();
        sb.AppendLine("| test | requirement | fxs | pass/fail | spandsp | multimon-ng | fxs vs peers |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (BenchRow r in rows)
        {
            string pf = r.Pass switch { true => "pass", false => "**FAIL**", null => "—" };
            sb.AppendLine($"| ({r.Suite}) {r.Test} | {r.Requirement} | {r.Fxs} | {pf} | {r.Spandsp} | {r.Multimon} | {r.Standing?.ToString() ?? "(not ranked)"} |");
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
        sb.AppendLine("- Real world (m-s, issue #11), 1000 random digits 50/50 ms at −20 dBm0 per tone unless said: (m) both tones off by ±(1.5 % + 2 Hz of that tone) in the four sign combinations; the Japanese rule's corners at once (each tone 1.5 % off, its sign drawn per digit, the row at −22.5 and the column at −17.5 dBm0, white noise 12 dB under the row); and both off by ±3.5/4.5/6 % in the four combinations (nothing may be given); (n) the recorded speech corpus (Asterisk prompts, below) from a seeded point, active level 12, 6 and 0 dB under one tone; (o) 200 keys held 0.3-2 s with a slow wander (three sines of 0.3-2 Hz scaled to exactly ±10 dB peak) and 0-3 abrupt dips of 5-20 ms, 6-20 dB, 250 ms apart; and 200 pairs of one key (50-300 ms each) with 30 ms of true silence between them; (p) keys at −6 dBm0 (loud, so tail and echo sit inside the level range a key must be accepted at): 80 ms keys each followed by a phase-continuous tail 25-40 dB down, 10-100 ms long, decaying exponentially by 10-30 dB more, 150 ms to the next key; and the 1000 digits plus one flat echo of them 30/35/40 dB down at delays 2, 5, 15 and 40 ms (four signals per row); (q) a fast dialer: 100 sequences of 10 digits, the dial tone (each component at −20 dBm0, 5 ms ramps) for 1 s before the first key and 0.5 s after its onset; and the 1000 digits over the gateway's 400 Hz at −20 dBm0 echoed at 3 dB return loss throughout; (r) an 8-bit encoder: −4 dBm0 per tone, each tone 1.1-1.4 % low, 2f1−f2 and 2f2−f1 each 20 dB under the tones, then a uniform 8-bit quantiser (step 256), then µ-law; (s) talk-off on real recordings: every prompt of asterisk-core-sounds-it-wav, -es-wav, -en-wav, -fr-wav, asterisk-prompt-es-co and asterisk-prompt-it-menardi-wav (voices in turn) and the music of asterisk-moh-opsound-wav, each piece at −15 dBm0 active level; and the product's prompts/ja at 0 dB return loss through the bench's 8 ms echo path, no echo canceller.");
        sb.AppendLine("- Throughput (j): both receivers decode the same 1000 digits at 6 dB SNR (100+ s) in turns, 160-sample chunks, until each has used the CPU budget; includes the bench's collection of results.");
        sb.AppendLine();
        sb.AppendLine("Time per suite (all receivers): " + string.Join(", ", timings.Select(t => Inv($"{t.Suite} {t.Seconds:F1} s"))) + Inv($"; wall clock {wallSeconds:F1} s."));
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

    private static string Sign(int s) => s > 0 ? "+" : "−";

    private static string Num(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
}
