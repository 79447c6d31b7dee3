using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Hal;

namespace Fxs.Bench;

/// <summary>Tone group.</summary>
public enum DtmfGroup
{
    /// <summary>Row tones 697-941 Hz.</summary>
    Low,
    /// <summary>Column tones 1209-1633 Hz.</summary>
    High,
}

/// <summary>An impairment applied to the 1000 random digits.</summary>
public enum DtmfImpairment
{
    /// <summary>None (a sanity run).</summary>
    None,
    /// <summary>400 Hz dial tone at −25 dBm0 throughout.</summary>
    DialTone,
    /// <summary>50 Hz hum at −10 dBm0 throughout.</summary>
    Hum,
    /// <summary>300-3400 Hz 4th-order Butterworth band-pass.</summary>
    BandPass,
    /// <summary>Digits at −3 dBm0 per tone, clipped at −6 dBFS (|x| &gt; 16384).</summary>
    Clipping,
}

/// <summary>(a) Frequency tolerance of one group. Percentages are in 0.1 % steps; null = even nominal frequency fails.</summary>
public sealed record FrequencyToleranceResult(DtmfGroup Group, double? MinAcceptedPercent, double? MaxAcceptedPercent, int DecisionsBeyond, int OffsetsWithDecisionsBeyond)
{
    /// <summary>Offsets from which nothing may be decided (|offset| ≥ 3.5 %), scanned to 6 %.</summary>
    public const double RejectFromPercent = 3.5;
    public const double ScanToPercent = 6.0;
}

/// <summary>(b) Max twist accepted each way, dB (null = even 0 dB fails).</summary>
public sealed record TwistResult(int? MaxHighStrongerDb, int? MaxLowStrongerDb);

/// <summary>(c) Contiguous level range accepted around −10 dBm0 per tone, and digits given at −45 dBm0 and below.</summary>
public sealed record LevelRangeResult(int? MaxDbm0, int? MinDbm0, int DecisionsAtOrBelowMinus45);

/// <summary>(d) Tone durations: every tone ≥ shortest accepted is decided once; no tone ≤ longest rejected gives anything.</summary>
public sealed record ToneDurationResult(int? ShortestAcceptedMs, int? LongestRejectedMs);

/// <summary>(d) Pauses between 50 ms tones: every pause ≥ the figure works, for distinct and for repeated digits.</summary>
public sealed record PauseResult(int? ShortestDistinctMs, int? ShortestRepeatedMs);

/// <summary>(d) Longest gap in the middle of a 100 ms tone that still gives exactly one digit (all shorter gaps too).</summary>
public sealed record DropoutResult(int? LongestBridgedMs);

/// <summary>(g, h) Digits decided on audio without digits.</summary>
public sealed record FalseDigitResult(int FalseDigits, double Minutes, string Digits);

/// <summary>(j) Audio seconds processed per CPU second.</summary>
public sealed record ThroughputResult(string Decoder, double AudioSeconds, double CpuSeconds)
{
    public double Ratio => AudioSeconds / CpuSeconds;
}

/// <summary>
/// The DTMF conformance suites. Each method measures one figure for one decoder from signals derived from the seed, so
/// two decoders given the same options see identical samples. Every signal goes through the µ-law round trip.
/// </summary>
public sealed partial class DtmfConformanceSuite
{
    /// <summary>Level per tone of the per-digit sweeps (frequency, twist reference, timing).</summary>
    public const double ProbeDbm0 = -10.0;
    /// <summary>Tone / pause of the per-digit sweeps (frequency, twist, level), ms.</summary>
    public const double ProbeOnMs = 60.0, ProbeOffMs = 60.0;
    /// <summary>Silence before the first tone, ms.</summary>
    public const double LeadMs = 100.0;
    /// <summary>The 1000 random digits: count, level per tone, on/off ms.</summary>
    public const int RandomDigitCount = 1000;
    public const double RandomDigitsDbm0 = -20.0, RandomOnMs = 50.0, RandomOffMs = 50.0;
    /// <summary>Level per tone of the clipping run (loud enough for −6 dBFS clipping to bite).</summary>
    public const double ClippingDigitsDbm0 = -3.0;
    /// <summary>Speech under the digits: its active level is this far below one tone.</summary>
    public const double SpeechUnderDigitsDb = 6.0;
    /// <summary>Echo return loss of the guidance echo, dB.</summary>
    public const double EchoLossDb = 6.0;
    /// <summary>(l) Guidance the gateway plays before the first key of the barge-in run, ms (the canceller starts from nothing with it).</summary>
    public const double BargeInLeadMs = 1000.0;
    /// <summary>(l) Taps of the echo canceller: 64 = 8 ms at 8 kHz, the longest echo path of the requirement.</summary>
    public const int EchoCancellerTaps = 64;

    private readonly BenchOptions _options;
    private readonly Action<string> _log;
    private readonly Lazy<SpeechCorpusBuilder> _builder;
    private readonly Lazy<SpeechCorpus> _talkOff;
    private readonly Lazy<SpeechCorpus> _guidance;
    private readonly ConcurrentDictionary<string, Lazy<(short[] Samples, IReadOnlyList<SentTone> Tones)>> _cache = new();
    private readonly Lazy<(short[] Played, short[] Heard, IReadOnlyList<SentTone> Tones)> _bargeIn;
    private readonly Lazy<(short[] Played, short[] Heard)> _echoAlone;

    public DtmfConformanceSuite(BenchOptions? options = null, Action<string>? log = null)
    {
        _options = options ?? new BenchOptions();
        _log = log ?? (_ => { });
        _builder = new Lazy<SpeechCorpusBuilder>(() => new SpeechCorpusBuilder(_options.CorpusCacheDirectory, _options.GuidePath, _log));
        _talkOff = new Lazy<SpeechCorpus>(() => _builder.Value.TalkOff(_options.TalkOffMinutes));
        _guidance = new Lazy<SpeechCorpus>(() => _builder.Value.Guidance(_options.Quick ? 3.0 : 10.0));
        _bargeIn = new Lazy<(short[], short[], IReadOnlyList<SentTone>)>(BuildBargeIn);
        _echoAlone = new Lazy<(short[], short[])>(() =>
        {
            short[] played = MuLaw(GuidanceCorpus.Samples, 0);
            return (played, EchoLine(played, null));
        });
    }

    public BenchOptions Options => _options;

    /// <summary>The talk-off corpus (built or loaded on first use).</summary>
    public SpeechCorpus TalkOffCorpus => _talkOff.Value;

    /// <summary>The guidance corpus (built or loaded on first use).</summary>
    public SpeechCorpus GuidanceCorpus => _guidance.Value;

    // ---------------------------------------------------------------- (a) frequency

    /// <summary>
    /// (a) Offsets one group's tones in 0.1 % steps (other group nominal) and finds the contiguous range around 0 where
    /// every one of the 16 digits, sent <see cref="BenchOptions.Repetitions"/> times alone, is decided exactly right;
    /// then counts digits given at |offset| = 3.5 .. 6 %.
    /// </summary>
    public FrequencyToleranceResult FrequencyTolerance(IDtmfDecoderUnderTest decoder, DtmfGroup group)
    {
        DtmfToneSpec Spec(int tenths)
        {
            double f = tenths / 1000.0;
            return group == DtmfGroup.Low ? new DtmfToneSpec(ProbeDbm0, ProbeDbm0, f, 0) : new DtmfToneSpec(ProbeDbm0, ProbeDbm0, 0, f);
        }
        bool Accepts(int tenths) => PerDigit(decoder, _ => Spec(tenths), $"freq/{group}/{tenths}", stopAtFailure: true).AllPerfect;

        int limit = (int)Math.Round(FrequencyToleranceResult.ScanToPercent * 10);
        int? up = Contiguous(0, +1, limit, Accepts);
        int? down = up == null ? null : Contiguous(0, -1, -limit, Accepts);
        int decisions = 0, offsets = 0;
        int from = (int)Math.Round(FrequencyToleranceResult.RejectFromPercent * 10);
        for (int k = from; k <= limit; k++)
        {
            foreach (int t in new[] { k, -k })
            {
                int n = PerDigit(decoder, _ => Spec(t), $"freq/{group}/{t}", stopAtFailure: false).Decisions;
                decisions += n;
                if (n > 0) { offsets++; }
            }
        }
        return new FrequencyToleranceResult(group, down / 10.0, up / 10.0, decisions, offsets);
    }

    // ---------------------------------------------------------------- (b) twist

    /// <summary>(b) Stronger tone at −10 dBm0, the other weaker in 1 dB steps (0..20 dB), all 16 digits.</summary>
    public TwistResult Twist(IDtmfDecoderUnderTest decoder)
    {
        bool Accepts(int db, bool highStronger) =>
            PerDigit(decoder, _ => DtmfToneSpec.Twisted(ProbeDbm0, db, highStronger), $"twist/{highStronger}/{db}", true).AllPerfect;
        return new TwistResult(Contiguous(0, 1, 20, db => Accepts(db, true)), Contiguous(0, 1, 20, db => Accepts(db, false)));
    }

    // ---------------------------------------------------------------- (c) level

    /// <summary>(c) Both tones at L dBm0, L in 1 dB steps from +3 to −50; the accepted range is the contiguous run around −10 dBm0.</summary>
    public LevelRangeResult LevelRange(IDtmfDecoderUnderTest decoder)
    {
        bool Accepts(int dbm0) => PerDigit(decoder, _ => DtmfToneSpec.Equal(dbm0), $"level/{dbm0}", true).AllPerfect;
        int start = (int)ProbeDbm0;
        int? max = Contiguous(start, 1, 3, Accepts);
        int? min = max == null ? null : Contiguous(start, -1, -50, Accepts);
        int low = 0;
        for (int l = -45; l >= -50; l--) { low += PerDigit(decoder, _ => DtmfToneSpec.Equal(l), $"level/{l}", false).Decisions; }
        return new LevelRangeResult(max, min, low);
    }

    // ---------------------------------------------------------------- (d) timing

    /// <summary>
    /// (d) Tones of 10..60 ms (1 ms steps) with 100 ms pauses, all 16 digits, at <see cref="BenchOptions.Phases"/> onset
    /// phases: the shortest duration from which every longer one is decided exactly once, and the longest duration up to
    /// which nothing at all is decided.
    /// </summary>
    public ToneDurationResult ToneDuration(IDtmfDecoderUnderTest decoder)
    {
        var memo = new Dictionary<int, DtmfScore>();
        DtmfScore Run(int ms)
        {
            if (!memo.TryGetValue(ms, out DtmfScore? s))
            {
                s = Timing(decoder, $"tone/{ms}", sig =>
                {
                    foreach (char d in DtmfDigits.All) { sig.Tone(d, ms, DtmfToneSpec.Equal(ProbeDbm0)).Silence(100); }
                });
                memo[ms] = s;
            }
            return s;
        }
        int? shortest = Contiguous(60, -1, 10, ms => Run(ms).Perfect);
        int? longestRejected = Contiguous(10, 1, 60, ms => Run(ms).Decided == 0);
        return new ToneDurationResult(shortest, longestRejected);
    }

    /// <summary>
    /// (d) 50 ms tones with pauses of 10..60 ms: all 16 digits in a row (distinct neighbours), and each digit twice
    /// (repeated: the pause must separate them). Shortest pause from which every longer one works.
    /// </summary>
    public PauseResult Pause(IDtmfDecoderUnderTest decoder)
    {
        bool Distinct(int ms) => Timing(decoder, $"pause-distinct/{ms}", sig =>
        {
            foreach (char d in DtmfDigits.All) { sig.Tone(d, 50, DtmfToneSpec.Equal(ProbeDbm0)).Silence(ms); }
            sig.Silence(100);
        }).Perfect;
        bool Repeated(int ms) => Timing(decoder, $"pause-repeated/{ms}", sig =>
        {
            foreach (char d in DtmfDigits.All)
            {
                sig.Tone(d, 50, DtmfToneSpec.Equal(ProbeDbm0)).Silence(ms).Tone(d, 50, DtmfToneSpec.Equal(ProbeDbm0)).Silence(150);
            }
        }).Perfect;
        return new PauseResult(Contiguous(60, -1, 10, Distinct), Contiguous(60, -1, 10, Repeated));
    }

    /// <summary>(d) A gap of k ms (0..40) in the middle of a 100 ms tone, all 16 digits, 150 ms pauses: largest k up to which every tone gives exactly one digit.</summary>
    public DropoutResult Dropout(IDtmfDecoderUnderTest decoder)
    {
        bool Bridged(int ms) => Timing(decoder, $"dropout/{ms}", sig =>
        {
            foreach (char d in DtmfDigits.All) { sig.Tone(d, 100, DtmfToneSpec.Equal(ProbeDbm0), dropoutMs: ms).Silence(150); }
        }).Perfect;
        return new DropoutResult(Contiguous(0, 1, 40, Bridged));
    }

    // ---------------------------------------------------------------- (e, f, i) 1000 random digits

    /// <summary>The 1000 random digits (same for every condition and decoder).</summary>
    public string RandomDigits()
    {
        var rng = new Random(SeedFor("random-digits"));
        return new string(Enumerable.Range(0, RandomDigitCount).Select(_ => DtmfDigits.All[rng.Next(16)]).ToArray());
    }

    /// <summary>(e) Errors in the 1000 digits (−20 dBm0 per tone, 50/50 ms) with white Gaussian noise at <paramref name="snrDb"/> (per tone, 0-4 kHz).</summary>
    public DtmfScore NoiseErrors(IDtmfDecoderUnderTest decoder, double snrDb) =>
        Score(decoder, $"noise/{snrDb}", () => RandomDigitSignal(RandomDigitsDbm0).AddNoiseAtSnr(RandomDigitsDbm0, snrDb, SeedFor($"noise/{snrDb}")));

    /// <summary>(f) Errors in the 1000 digits under one impairment.</summary>
    public DtmfScore ImpairmentErrors(IDtmfDecoderUnderTest decoder, DtmfImpairment impairment) =>
        Score(decoder, $"impairment/{impairment}", () => impairment switch
        {
            DtmfImpairment.None => RandomDigitSignal(RandomDigitsDbm0),
            DtmfImpairment.DialTone => RandomDigitSignal(RandomDigitsDbm0).AddDialTone(),
            DtmfImpairment.Hum => RandomDigitSignal(RandomDigitsDbm0).AddHum(),
            DtmfImpairment.BandPass => RandomDigitSignal(RandomDigitsDbm0).BandPass(),
            DtmfImpairment.Clipping => RandomDigitSignal(ClippingDigitsDbm0).Clip(),
            _ => throw new ArgumentOutOfRangeException(nameof(impairment)),
        });

    /// <summary>(i) Errors in the 1000 digits with talk-off corpus speech whose active level is 6 dB under one tone (−26 dBm0).</summary>
    public DtmfScore SpeechUnderDigitsErrors(IDtmfDecoderUnderTest decoder) =>
        Score(decoder, "speech-under", () => RandomDigitSignal(RandomDigitsDbm0)
            .AddSpeech(TalkOffCorpus.Samples, 0, RandomDigitsDbm0 - SpeechUnderDigitsDb - SpeechCorpusBuilder.TargetActiveDbm0));

    // ---------------------------------------------------------------- (g, h) false digits

    /// <summary>(g) Digits decided on the talk-off corpus (speech at −15 dBm0 active level, no digits).</summary>
    public FalseDigitResult TalkOff(IDtmfDecoderUnderTest decoder)
    {
        short[] x = Cached("talkoff", () => (MuLaw(TalkOffCorpus.Samples, 0), Array.Empty<SentTone>())).Samples;
        return FalseDigits(decoder, x);
    }

    /// <summary>(h) Digits decided on the Japanese guidance echoed 6 dB down (−21 dBm0 active level), no digits.</summary>
    public FalseDigitResult GuidanceEcho(IDtmfDecoderUnderTest decoder)
    {
        short[] x = Cached("echo", () => (MuLaw(GuidanceCorpus.Samples, -EchoLossDb), Array.Empty<SentTone>())).Samples;
        return FalseDigits(decoder, x);
    }

    // ---------------------------------------------------------------- (l) echo canceller

    /// <summary>
    /// (l) The bench's echo path: 8 ms (64 taps) of a dispersive, hybrid-like response: 1 ms of bulk delay, then a
    /// damped 720 Hz ringing with a slower tail of opposite sign, tapered to zero by 8 ms. Unit scale; the suites scale
    /// its echo to <see cref="EchoLossDb"/> under what is played.
    /// </summary>
    public static double[] EchoPath()
    {
        var h = new double[64];
        for (int m = 0; m < 56; m++)
        {
            double taper = 0.5 - 0.5 * Math.Cos(Math.PI * Math.Min(1.0, (56 - m) / 20.0));
            h[8 + m] = (Math.Exp(-m / 6.0) * Math.Cos(2 * Math.PI * 0.09 * m)
                - 0.25 * Math.Exp(-m / 20.0) * Math.Sin(2 * Math.PI * 0.02 * m + 0.3)) * taper;
        }
        return h;
    }

    /// <summary>
    /// (l) Errors in the 1000 digits keyed over the guidance (barge-in): the gateway plays the guidance (from a seeded
    /// point, µ-law), which comes back through <see cref="EchoPath"/> 6 dB down; the digits (−20 dBm0 per tone,
    /// 50/50 ms) start <see cref="BargeInLeadMs"/> into it; the sum crosses the µ-law line. With
    /// <paramref name="cancel"/>, the decoder hears the output of a fresh <see cref="LineEchoCanceller"/> fed with
    /// what was played and what was heard; without, the line itself.
    /// </summary>
    public DtmfScore BargeInErrors(IDtmfDecoderUnderTest decoder, bool cancel)
    {
        var (played, heard, tones) = _bargeIn.Value;
        return DtmfScorer.ScoreFor(decoder, tones, decoder.Decode(cancel ? CancelEcho(played, heard) : heard));
    }

    /// <summary>(l) Digits decided on the whole guidance corpus echoed through <see cref="EchoPath"/> 6 dB down, no digits; with or without the canceller.</summary>
    public FalseDigitResult EchoAloneFalseDigits(IDtmfDecoderUnderTest decoder, bool cancel)
    {
        var (played, heard) = _echoAlone.Value;
        return FalseDigits(decoder, cancel ? CancelEcho(played, heard) : heard);
    }

    /// <summary>(l) ERLE of the canceller on the guidance echo alone after its first second, dB (heard over cleaned power).</summary>
    public double EchoAloneErleDb()
    {
        var (played, heard) = _echoAlone.Value;
        short[] cleaned = CancelEcho(played, heard);
        double h = 0, c = 0;
        for (int i = DtmfSignal.SampleRate; i < heard.Length; i++) { h += (double)heard[i] * heard[i]; c += (double)cleaned[i] * cleaned[i]; }
        return 10 * Math.Log10(h / Math.Max(c, 1));
    }

    /// <summary>A fresh canceller (<see cref="EchoCancellerTaps"/> taps) over a whole signal, in 160-sample calls.</summary>
    public static short[] CancelEcho(short[] played, short[] heard)
    {
        var ec = new LineEchoCanceller(EchoCancellerTaps);
        var cleaned = new short[heard.Length];
        for (int at = 0; at < heard.Length; at += 160) { ec.Process(played, heard, cleaned, at, Math.Min(160, heard.Length - at)); }
        return cleaned;
    }

    /// <summary>
    /// The line the port hears: <paramref name="played"/> through <see cref="EchoPath"/>, scaled so that the echo's
    /// power over the whole signal is <see cref="EchoLossDb"/> under the played signal's, plus <paramref name="near"/>;
    /// rounded, saturated and µ-law round-tripped.
    /// </summary>
    public static short[] EchoLine(short[] played, DtmfSignal? near) => EchoLine(played, near, EchoLossDb);

    /// <summary>As <see cref="EchoLine(short[], DtmfSignal?)"/> with the echo <paramref name="lossDb"/> under the played signal.</summary>
    public static short[] EchoLine(short[] played, DtmfSignal? near, double lossDb)
    {
        double[] h = EchoPath();
        var echo = new double[played.Length];
        double px = 0, pe = 0;
        for (int n = 0; n < played.Length; n++)
        {
            double s = 0;
            for (int k = 0; k < h.Length && k <= n; k++) { s += h[k] * played[n - k]; }
            echo[n] = s;
            px += (double)played[n] * played[n];
            pe += s * s;
        }
        double g = pe > 0 ? Math.Sqrt(px / pe * Math.Pow(10, -lossDb / 10)) : 0;
        ReadOnlySpan<double> keys = near == null ? ReadOnlySpan<double>.Empty : near.Samples;
        var line = new short[played.Length];
        for (int n = 0; n < line.Length; n++) { line[n] = DtmfSignal.Saturate(g * echo[n] + (n < keys.Length ? keys[n] : 0)); }
        G711.MuLawRoundTrip(line, 0, line.Length);
        return line;
    }

    private (short[] Played, short[] Heard, IReadOnlyList<SentTone> Tones) BuildBargeIn()
    {
        var keys = new DtmfSignal(SeedFor("barge-in/phases")).Silence(BargeInLeadMs);
        keys.Digits(RandomDigits(), RandomOnMs, RandomOffMs, DtmfToneSpec.Equal(RandomDigitsDbm0));
        keys.Silence(150);
        short[] guidance = GuidanceCorpus.Samples;
        int start = new Random(SeedFor("barge-in/start")).Next(guidance.Length);
        var played = new short[keys.Length];
        for (int i = 0; i < played.Length; i++) { played[i] = guidance[(start + i) % guidance.Length]; }
        G711.MuLawRoundTrip(played, 0, played.Length);
        return (played, EchoLine(played, keys), keys.Tones);
    }

    // ---------------------------------------------------------------- (j, k)

    /// <summary>
    /// (j) Each decoder decodes the same signal (the 1000 digits at 6 dB SNR, 100+ s) over and over, in turns, until each
    /// has used <see cref="BenchOptions.ThroughputCpuSeconds"/> of this thread's CPU time (after a warm-up of a quarter of that each).
    /// </summary>
    public IReadOnlyList<ThroughputResult> Throughput(IReadOnlyList<IDtmfDecoderUnderTest> decoders)
    {
        short[] x = Cached("noise/6", () =>
        {
            DtmfSignal s = RandomDigitSignal(RandomDigitsDbm0).AddNoiseAtSnr(RandomDigitsDbm0, 6, SeedFor("noise/6"));
            return (s.ToLinear(), s.Tones);
        }).Samples;
        double seconds = x.Length / (double)DtmfSignal.SampleRate;
        var cpu = new double[decoders.Count];
        var audio = new double[decoders.Count];
        double target = _options.ThroughputCpuSeconds;
        foreach (IDtmfDecoderUnderTest d in decoders)
        {
            // Warm-up (JIT tiering): at least one pass and a quarter of the budget.
            double w0 = CpuClock.Now();
            do { d.Decode(x); } while (CpuClock.Now() - w0 < target / 4);
        }
        while (cpu.Any(c => c < target))
        {
            for (int i = 0; i < decoders.Count; i++)
            {
                if (cpu[i] >= target) { continue; }
                double t0 = CpuClock.Now();
                decoders[i].Decode(x);
                cpu[i] += CpuClock.Now() - t0;
                audio[i] += seconds;
            }
        }
        return decoders.Select((d, i) => new ThroughputResult(d.Name, audio[i], cpu[i])).ToList();
    }

    /// <summary>(k) Bytes of per-line state.</summary>
    public int StateBytes(IDtmfDecoderUnderTest decoder) => decoder.StateBytes;

    // ---------------------------------------------------------------- machinery

    /// <summary>A seed for a named signal: the same name and options seed always give the same signal.</summary>
    public int SeedFor(string tag)
    {
        uint h = 2166136261;
        foreach (char c in tag) { h = (h ^ c) * 16777619; }
        return (int)(h ^ (uint)_options.Seed) & int.MaxValue;
    }

    /// <summary>All 16 digits one at a time (a fresh decoder for each), each repeated; true if all are decided exactly right.</summary>
    public (bool AllPerfect, int Decisions) PerDigit(IDtmfDecoderUnderTest decoder, Func<char, DtmfToneSpec> spec, string tag, bool stopAtFailure)
    {
        bool all = true;
        int decisions = 0;
        foreach (char d in DtmfDigits.All)
        {
            var sig = new DtmfSignal(SeedFor($"{tag}/{d}")).Silence(LeadMs);
            for (int r = 0; r < _options.Repetitions; r++) { sig.Tone(d, ProbeOnMs, spec(d)).Silence(ProbeOffMs); }
            sig.Silence(LeadMs);
            IReadOnlyList<DecodedDigit> got = decoder.Decode(sig.ToLinear());
            decisions += got.Count;
            if (!DtmfScorer.ScoreFor(decoder, sig.Tones, got).Perfect)
            {
                all = false;
                if (stopAtFailure) { break; }
            }
        }
        return (all, decisions);
    }

    /// <summary>Runs a timing signal at every onset phase (the lead-in shifted by a fraction of a 102-sample block) and sums the scores.</summary>
    public DtmfScore Timing(IDtmfDecoderUnderTest decoder, string tag, Action<DtmfSignal> body)
    {
        DtmfScore total = DtmfScore.Zero;
        for (int p = 0; p < _options.Phases; p++)
        {
            var sig = new DtmfSignal(SeedFor($"{tag}/{p}")).Silence(LeadMs).SilenceSamples(p * 101 / _options.Phases);
            body(sig);
            sig.Silence(LeadMs);
            total += DtmfScorer.ScoreFor(decoder, sig.Tones, decoder.Decode(sig.ToLinear()));
        }
        return total;
    }

    /// <summary>Largest value from <paramref name="start"/> toward <paramref name="limit"/> (inclusive, step ±1) such that every value on the way passes; null if start fails.</summary>
    public static int? Contiguous(int start, int step, int limit, Func<int, bool> passes)
    {
        int? last = null;
        for (int v = start; step > 0 ? v <= limit : v >= limit; v += step)
        {
            if (!passes(v)) { break; }
            last = v;
        }
        return last;
    }

    private DtmfSignal RandomDigitSignal(double dbm0)
    {
        var s = new DtmfSignal(SeedFor("random-digits/phases")).Silence(200);
        s.Digits(RandomDigits(), RandomOnMs, RandomOffMs, DtmfToneSpec.Equal(dbm0));
        return s.Silence(150);
    }

    private DtmfScore Score(IDtmfDecoderUnderTest decoder, string key, Func<DtmfSignal> build)
    {
        var (x, tones) = Cached(key, () =>
        {
            DtmfSignal s = build();
            return (s.ToLinear(), s.Tones);
        });
        return DtmfScorer.ScoreFor(decoder, tones, decoder.Decode(x));
    }

    private (short[] Samples, IReadOnlyList<SentTone> Tones) Cached(string key, Func<(short[], IReadOnlyList<SentTone>)> make) =>
        _cache.GetOrAdd(key, _ => new Lazy<(short[], IReadOnlyList<SentTone>)>(make)).Value;

    private static short[] MuLaw(short[] x, double gainDb)
    {
        double g = Math.Pow(10, gainDb / 20);
        var y = new short[x.Length];
        for (int i = 0; i < x.Length; i++) { y[i] = DtmfSignal.Saturate(x[i] * g); }
        G711.MuLawRoundTrip(y, 0, y.Length);
        return y;
    }

    private static FalseDigitResult FalseDigits(IDtmfDecoderUnderTest decoder, short[] x)
    {
        IReadOnlyList<DecodedDigit> got = decoder.Decode(x);
        string digits = new string(got.Select(d => d.Digit).Take(40).ToArray());
        return new FalseDigitResult(got.Count, x.Length / (double)LineTime.SampleRateHz / 60.0, digits);
    }
}
