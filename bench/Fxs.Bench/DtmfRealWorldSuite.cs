using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fxs.Core.Dsp;

namespace Fxs.Bench;

/// <summary>A dial tone under the first keys of a fast dialer.</summary>
public enum DialToneKind
{
    /// <summary>350 + 440 Hz (North American precise dial tone).</summary>
    Hz350Plus440,
    /// <summary>425 Hz (most of Europe).</summary>
    Hz425,
    /// <summary>400 Hz (Japan).</summary>
    Hz400,
}

/// <summary>
/// The real-world suites of issue #11: every phone, in a real room, on a real line. Same machinery as the other suites
/// (signals from the seed, cached per name, every receiver on the same samples, µ-law line); receivers without timing
/// are scored by sequence alignment (<see cref="DtmfScorer.ScoreFor"/>).
/// </summary>
public sealed partial class DtmfConformanceSuite
{
    /// <summary>(m) Frequency error at the conformance limit: 1.5 % plus 2 Hz, signed per group.</summary>
    public const double OffsetLimitRelative = 0.015, OffsetLimitHz = 2.0;
    /// <summary>(m) Offsets, %, from which nothing may be decided, both groups off at once in the four sign combinations.</summary>
    public static readonly IReadOnlyList<double> RejectOffsetsPercent = new[] { 3.5, 4.5, 6.0 };
    /// <summary>(n) Recorded speech under the 1000 digits: active level this far under one tone, dB (a row each).</summary>
    public static readonly IReadOnlyList<double> RecordedSpeechUnderDb = new[] { 12.0, 6.0, 0.0 };
    /// <summary>(o) Held keys: count, shortest and longest hold (ms), peak level wander (±dB), longest and deepest dip (ms, dB), pause after each (ms).</summary>
    public const int HeldKeyCount = 200;
    public const double HeldMinMs = 300, HeldMaxMs = 2000, HeldWanderDb = 10, HeldDipMaxMs = 20, HeldDipMaxDb = 20, HeldPauseMs = 250;
    /// <summary>(o) Two presses of one key with a real gap: pairs, shortest and longest press (ms), gap (ms).</summary>
    public const int GapPairCount = 200;
    public const double GapPressMinMs = 50, GapPressMaxMs = 300, GapMs = 30;
    /// <summary>(p) Keys loud enough that tail and echo sit inside the level range a key must be accepted at: −6 dBm0 per tone.</summary>
    public const double LoudKeysDbm0 = -6.0;
    /// <summary>(p) Tail rows: key 80 ms, tail 25-40 dB down, 10-100 ms long, decaying 10-30 dB more over its length; 150 ms to the next key.</summary>
    public const double TailKeyMs = 80, TailMinDownDb = 25, TailMaxDownDb = 40, TailMinMs = 10, TailMaxMs = 100, TailMinDecayDb = 10, TailMaxDecayDb = 30, TailPauseMs = 150;
    /// <summary>(p) Echo rows: echo return loss of the keys, dB (a row each), and the echo delays summed in each row, ms.</summary>
    public static readonly IReadOnlyList<double> KeyEchoLossDb = new[] { 30.0, 35.0, 40.0 };
    public static readonly IReadOnlyList<double> KeyEchoDelaysMs = new[] { 2.0, 5.0, 15.0, 40.0 };
    /// <summary>(q) Fast dialer: sequences, digits each, dial tone before the first key and after its onset (ms), pause after a sequence (ms).</summary>
    public const int DialSequenceCount = 100, DialSequenceDigits = 10;
    public const double DialLeadMs = 1000, DialOverlapMs = 500, DialRampMs = 5, DialSequencePauseMs = 500;
    /// <summary>(q) The gateway's own dial tone (400 Hz at −20 dBm0, CallProgressToneGenerator's default) echoed at 3 dB return loss.</summary>
    public const double GatewayDialToneDbm0 = -20.0, DialEchoReturnLossDb = 3.0;
    /// <summary>(r) 8-bit encoder: quantiser bits, level per tone (two-tone peak ≈ 0.87 of full scale), IM3 products dB down, tone errors (% low).</summary>
    public const int EncoderBits = 8;
    public const double EncoderDbm0 = -4.0, IntermodDownDb = 20, EncoderMinLowPercent = 1.1, EncoderMaxLowPercent = 1.4;
    /// <summary>(s) Return loss of the product's own guidance heard back with the echo canceller off, dB.</summary>
    public const double PromptEchoReturnLossDb = 0.0;

    private Lazy<SpeechCorpus>? _recordedSpeech, _recordedMusic;

    /// <summary>The recorded speech corpus (all of it; about 6 min in quick mode).</summary>
    public SpeechCorpus RecordedSpeechCorpus => (_recordedSpeech ??= new Lazy<SpeechCorpus>(() =>
        _builder.Value.RecordedSpeech(_options.Quick ? 6.0 : null))).Value;

    /// <summary>The recorded music corpus (all of it; 30 s of each piece in quick mode).</summary>
    public SpeechCorpus RecordedMusicCorpus => (_recordedMusic ??= new Lazy<SpeechCorpus>(() =>
        _builder.Value.RecordedMusic(_options.Quick ? 30.0 : null))).Value;

    // ---------------------------------------------------------------- (m) four sign combinations

    /// <summary>The digit's spec with both tones off by ±(1.5 % + 2 Hz): <paramref name="rowSign"/>, <paramref name="columnSign"/> ∈ {−1, +1}.</summary>
    public static DtmfToneSpec LimitOffsetSpec(char digit, int rowSign, int columnSign, double dbm0)
    {
        double row = DtmfDigits.RowHz[DtmfDigits.RowOf(digit)], col = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)];
        return new DtmfToneSpec(dbm0, dbm0, rowSign * (OffsetLimitRelative + OffsetLimitHz / row), columnSign * (OffsetLimitRelative + OffsetLimitHz / col));
    }

    /// <summary>(m) Errors in the 1000 digits with row and column off by ±(1.5 % + 2 Hz), the signs given.</summary>
    public DtmfScore LimitOffsetErrors(IDtmfDecoderUnderTest decoder, int rowSign, int columnSign) =>
        Score(decoder, $"offset4/{rowSign}/{columnSign}", () => RandomDigitSignal((_, d) => LimitOffsetSpec(d, rowSign, columnSign, RandomDigitsDbm0)));

    /// <summary>The Japanese rule's corners (端末設備等規則): each tone within ±1.5 %, the low group up to 5 dB under the high.</summary>
    public const double RuleOffsetRelative = 0.015, RuleTwistDb = 5.0, RuleCornerSnrDb = 12.0;

    /// <summary>
    /// (m) Errors in the 1000 digits at the Japanese rule's corners all at once: each tone 1.5 % off, its
    /// sign drawn per digit (seeded), the column <see cref="RuleTwistDb"/> stronger (the row at
    /// <see cref="RandomDigitsDbm0"/> − 2.5 dB, the column 2.5 dB over), white noise
    /// <see cref="RuleCornerSnrDb"/> dB under the row.
    /// </summary>
    public DtmfScore RuleCornerErrors(IDtmfDecoderUnderTest decoder) =>
        Score(decoder, "rule-corners", () =>
        {
            var signs = new Random(SeedFor("rule-corners/signs"));
            double low = RandomDigitsDbm0 - RuleTwistDb / 2, high = RandomDigitsDbm0 + RuleTwistDb / 2;
            return RandomDigitSignal((_, _) => new DtmfToneSpec(low, high, Sign(signs) * RuleOffsetRelative, Sign(signs) * RuleOffsetRelative))
                .AddNoiseAtSnr(low, RuleCornerSnrDb, SeedFor("rule-corners/noise"));
        });

    private static int Sign(Random random) => random.Next(2) == 0 ? -1 : 1;

    /// <summary>(m) Digits decided from the 1000 digits with both tones off by ±p % (p in <see cref="RejectOffsetsPercent"/>), per sign combination (++, +−, −+, −−).</summary>
    public int[] BeyondOffsetDigits(IDtmfDecoderUnderTest decoder)
    {
        var perCombination = new int[4];
        int c = 0;
        foreach (int rs in new[] { 1, -1 })
        {
            foreach (int cs in new[] { 1, -1 })
            {
                foreach (double p in RejectOffsetsPercent)
                {
                    var (x, _) = Cached($"offset4-beyond/{rs}/{cs}/{p}", () =>
                    {
                        DtmfSignal s = RandomDigitSignal((_, _) => new DtmfToneSpec(RandomDigitsDbm0, RandomDigitsDbm0, rs * p / 100, cs * p / 100));
                        return (s.ToLinear(), s.Tones);
                    });
                    perCombination[c] += decoder.Decode(x).Count;
                }
                c++;
            }
        }
        return perCombination;
    }

    // ---------------------------------------------------------------- (n) recorded speech under the keys

    /// <summary>(n) Errors in the 1000 digits with recorded speech (from a seeded point) whose active level is <paramref name="underDb"/> under one tone.</summary>
    public DtmfScore RecordedSpeechUnderDigitsErrors(IDtmfDecoderUnderTest decoder, double underDb) =>
        Score(decoder, $"recorded-speech-under/{underDb}", () =>
        {
            short[] speech = RecordedSpeechCorpus.Samples;
            long start = new Random(SeedFor($"recorded-speech-under/{underDb}")).Next(speech.Length);
            return RandomDigitSignal(RandomDigitsDbm0).AddSpeech(speech, start, RandomDigitsDbm0 - underDb - SpeechCorpusBuilder.TargetActiveDbm0);
        });

    // ---------------------------------------------------------------- (o) held keys, real gaps

    /// <summary>
    /// (o) <see cref="HeldKeyCount"/> keys at −20 dBm0 per tone, each held 0.3-2 s (uniform), its level wandering slowly
    /// (<see cref="HeldWander"/>: ±10 dB peak) and dipping (<see cref="HeldDips"/>: 0-3 dips of 5-20 ms, 6-20 dB), then
    /// 250 ms of silence. Each key must be one digit.
    /// </summary>
    /// <param name="decoder">The receiver.</param>
    /// <param name="wander">Apply the level wander (false: the same keys without it, to tell the lead which one splits keys).</param>
    /// <param name="dips">Apply the dips.</param>
    public DtmfScore HeldKeyErrors(IDtmfDecoderUnderTest decoder, bool wander = true, bool dips = true) => Score(decoder, $"held/{wander}/{dips}", () =>
    {
        var rng = new Random(SeedFor("held"));
        var s = new DtmfSignal(SeedFor("held/phases")).Silence(200);
        for (int k = 0; k < HeldKeyCount; k++)
        {
            char d = DtmfDigits.All[rng.Next(16)];
            double ms = HeldMinMs + rng.NextDouble() * (HeldMaxMs - HeldMinMs);
            int n = DtmfSignal.Ms(ms);
            Func<int, double> w = HeldWander(rng, n), p = HeldDips(rng, n); // drawn always: the same keys in every variant
            s.Key(d, ms, DtmfToneSpec.Equal(RandomDigitsDbm0), i => (wander ? w(i) : 0) + (dips ? p(i) : 0)).Silence(HeldPauseMs);
        }
        return s;
    });

    /// <summary>
    /// A slow level wander over <paramref name="samples"/>: three sines of 0.3-2 Hz with random phases, summed and scaled
    /// so that its largest excursion over the key is exactly ±<see cref="HeldWanderDb"/> dB.
    /// </summary>
    public static Func<int, double> HeldWander(Random rng, int samples)
    {
        var f = new double[3];
        var p = new double[3];
        for (int j = 0; j < 3; j++) { f[j] = 0.3 + rng.NextDouble() * 1.7; p[j] = rng.NextDouble() * 2 * Math.PI; }
        double Raw(int i) => Enumerable.Range(0, 3).Sum(j => Math.Sin(2 * Math.PI * f[j] * i / DtmfSignal.SampleRate + p[j]));
        double peak = 1e-9;
        for (int i = 0; i < samples; i += 8) { peak = Math.Max(peak, Math.Abs(Raw(i))); }
        double scale = HeldWanderDb / peak;
        return i => Math.Clamp(Raw(i) * scale, -HeldWanderDb, HeldWanderDb);
    }

    /// <summary>0-3 dips, each 5-<see cref="HeldDipMaxMs"/> ms long and 6-<see cref="HeldDipMaxDb"/> dB deep (abrupt edges), placed at random inside the key (not in its first or last 50 ms).</summary>
    public static Func<int, double> HeldDips(Random rng, int samples)
    {
        int count = rng.Next(4);
        var dips = new List<(int Start, int Length, double Db)>();
        int margin = DtmfSignal.Ms(50);
        for (int j = 0; j < count; j++)
        {
            int len = DtmfSignal.Ms(5 + rng.NextDouble() * (HeldDipMaxMs - 5));
            int start = margin + rng.Next(Math.Max(1, samples - 2 * margin - len));
            dips.Add((start, len, 6 + rng.NextDouble() * (HeldDipMaxDb - 6)));
        }
        return i =>
        {
            double g = 0;
            foreach (var d in dips) { if (i >= d.Start && i < d.Start + d.Length) { g = Math.Min(g, -d.Db); } }
            return g;
        };
    }

    /// <summary>(o) <see cref="GapPairCount"/> pairs of presses of one key (50-300 ms each, −20 dBm0 per tone) with a real 30 ms silence between them, 250 ms after each pair: two digits each.</summary>
    public DtmfScore RepeatedKeyGapErrors(IDtmfDecoderUnderTest decoder) => Score(decoder, "gap30", () =>
    {
        var rng = new Random(SeedFor("gap30"));
        var s = new DtmfSignal(SeedFor("gap30/phases")).Silence(200);
        for (int k = 0; k < GapPairCount; k++)
        {
            char d = DtmfDigits.All[rng.Next(16)];
            double a = GapPressMinMs + rng.NextDouble() * (GapPressMaxMs - GapPressMinMs);
            double b = GapPressMinMs + rng.NextDouble() * (GapPressMaxMs - GapPressMinMs);
            s.Tone(d, a, DtmfToneSpec.Equal(RandomDigitsDbm0)).Silence(GapMs).Tone(d, b, DtmfToneSpec.Equal(RandomDigitsDbm0)).Silence(HeldPauseMs);
        }
        return s;
    });

    // ---------------------------------------------------------------- (p) tails, echoes of the keys

    /// <summary>(p) The 1000 digits at −6 dBm0 per tone, 80 ms each, each followed by a VoIP phone's tail (<see cref="DtmfSignal.KeyWithTail"/>: 25-40 dB down, 10-100 ms, decaying 10-30 dB more), 150 ms to the next key.</summary>
    public DtmfScore TailErrors(IDtmfDecoderUnderTest decoder) => Score(decoder, "tail", () =>
    {
        var rng = new Random(SeedFor("tail"));
        var s = new DtmfSignal(SeedFor("tail/phases")).Silence(200);
        foreach (char d in RandomDigits())
        {
            double down = TailMinDownDb + rng.NextDouble() * (TailMaxDownDb - TailMinDownDb);
            double ms = TailMinMs + rng.NextDouble() * (TailMaxMs - TailMinMs);
            double decay = TailMinDecayDb + rng.NextDouble() * (TailMaxDecayDb - TailMinDecayDb);
            s.KeyWithTail(d, TailKeyMs, DtmfToneSpec.Equal(LoudKeysDbm0), down, ms, decay).Silence(TailPauseMs);
        }
        return s.Silence(150);
    });

    /// <summary>(p) The 1000 digits at −6 dBm0 per tone, 50/50 ms, plus their echo <paramref name="lossDb"/> down, summed over the delays of <see cref="KeyEchoDelaysMs"/> (one signal each).</summary>
    public DtmfScore KeyEchoErrors(IDtmfDecoderUnderTest decoder, double lossDb) =>
        KeyEchoErrorsPerDelay(decoder, lossDb).Aggregate(DtmfScore.Zero, (a, b) => a + b);

    /// <summary>(p) As <see cref="KeyEchoErrors"/>, one score per delay of <see cref="KeyEchoDelaysMs"/>.</summary>
    public DtmfScore[] KeyEchoErrorsPerDelay(IDtmfDecoderUnderTest decoder, double lossDb) =>
        KeyEchoDelaysMs.Select(delay => Score(decoder, $"key-echo/{lossDb}/{delay}", () => RandomDigitSignal(LoudKeysDbm0).AddEcho(lossDb, delay))).ToArray();

    // ---------------------------------------------------------------- (q) dial tone under the first key

    /// <summary>The frequencies of a dial tone, Hz.</summary>
    public static double[] DialToneHz(DialToneKind kind) => kind switch
    {
        DialToneKind.Hz350Plus440 => new[] { 350.0, 440.0 },
        DialToneKind.Hz425 => new[] { 425.0 },
        DialToneKind.Hz400 => new[] { 400.0 },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// (q) A fast dialer: <see cref="DialSequenceCount"/> sequences of 10 of the 1000 digits (50/50 ms, −20 dBm0 per
    /// tone); in each, the dial tone (each component at −20 dBm0, the keys' level; 5 ms ramps) sounds for 1 s, the
    /// first key starts, and the dial tone goes on 0.5 s more (under the first five keys); 0.5 s between sequences.
    /// </summary>
    public DtmfScore DialToneUnderFirstKeysErrors(IDtmfDecoderUnderTest decoder, DialToneKind kind) => Score(decoder, $"dial/{kind}", () =>
    {
        string digits = RandomDigits();
        var s = new DtmfSignal(SeedFor($"dial/{kind}/phases"));
        var starts = new List<long>();
        for (int q = 0; q < DialSequenceCount; q++)
        {
            starts.Add(s.Length);
            s.Silence(DialLeadMs);
            s.Digits(digits.Substring(q * DialSequenceDigits, DialSequenceDigits), RandomOnMs, RandomOffMs, DtmfToneSpec.Equal(RandomDigitsDbm0));
            s.Silence(DialSequencePauseMs);
        }
        foreach (long at in starts)
        {
            s.AddTones(at, DtmfSignal.Ms(DialLeadMs + DialOverlapMs), RandomDigitsDbm0, DialRampMs, DialToneHz(kind));
        }
        return s;
    });

    /// <summary>(q) The 1000 digits (−20 dBm0) over the gateway's own 400 Hz dial tone (−20 dBm0) echoed back at 3 dB return loss (−23 dBm0), throughout.</summary>
    public DtmfScore EchoedDialToneErrors(IDtmfDecoderUnderTest decoder) =>
        Score(decoder, "dial-echo", () => RandomDigitSignal(RandomDigitsDbm0).AddSine(DtmfSignal.DialToneHz, GatewayDialToneDbm0 - DialEchoReturnLossDb));

    // ---------------------------------------------------------------- (r) 8-bit encoder

    /// <summary>
    /// (r) The 1000 digits (50/50 ms) from a cheap 8-bit encoder near full scale: −4 dBm0 per tone, both tones 1.1-1.4 %
    /// low (uniform, each tone its own), third-order intermodulation 2f1−f2 and 2f2−f1 each 20 dB down, then an 8-bit
    /// uniform quantiser (step 256 on the 16-bit scale).
    /// </summary>
    public DtmfScore EncoderErrors(IDtmfDecoderUnderTest decoder) => Score(decoder, "encoder8", () =>
    {
        var rng = new Random(SeedFor("encoder8"));
        var s = new DtmfSignal(SeedFor("encoder8/phases")).Silence(200);
        double Low() => -(EncoderMinLowPercent + rng.NextDouble() * (EncoderMaxLowPercent - EncoderMinLowPercent)) / 100;
        foreach (char d in RandomDigits())
        {
            s.KeyWithIntermod(d, RandomOnMs, new DtmfToneSpec(EncoderDbm0, EncoderDbm0, Low(), Low()), IntermodDownDb).Silence(RandomOffMs);
        }
        return s.Silence(150).Quantise(EncoderBits);
    });

    // ---------------------------------------------------------------- (s) talk-off on recordings, own guidance

    /// <summary>(s) Digits decided on the recorded speech and music (each piece at −15 dBm0 active level, µ-law), no digits.</summary>
    public FalseDigitResult RecordedTalkOff(IDtmfDecoderUnderTest decoder)
    {
        short[] x = Cached("recorded-talkoff", () => (MuLaw(RecordedSpeechCorpus.Samples.Concat(RecordedMusicCorpus.Samples).ToArray(), 0), Array.Empty<SentTone>())).Samples;
        return FalseDigits(decoder, x);
    }

    /// <summary>(s) The product's guidance prompts (prompts/ja/*.wav, in name order, 0.5 s apart) heard back through the bench's echo path at 0 dB return loss, echo canceller off: no digits.</summary>
    public FalseDigitResult PromptEchoFalseDigits(IDtmfDecoderUnderTest decoder)
    {
        short[] x = Cached("prompt-echo", () =>
        {
            string dir = PromptsDirectory();
            var played = new List<short>();
            foreach (string f in Directory.GetFiles(dir, "*.wav").OrderBy(f => f, StringComparer.Ordinal))
            {
                played.AddRange(SpeechCorpusBuilder.LoadRecording(f));
                played.AddRange(new short[DtmfSignal.SampleRate / 2]);
            }
            return (EchoLine(played.ToArray(), null, PromptEchoReturnLossDb), Array.Empty<SentTone>());
        }).Samples;
        return FalseDigits(decoder, x);
    }

    /// <summary>The product's prompts: <see cref="BenchOptions.PromptsDirectory"/>, else prompts/ja found upward from the working directory or the bench's assembly.</summary>
    public string PromptsDirectory()
    {
        if (_options.PromptsDirectory != null) { return _options.PromptsDirectory; }
        foreach (string root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(root); d != null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "prompts", "ja");
                if (Directory.Exists(p) && Directory.GetFiles(p, "*.wav").Length > 0) { return p; }
            }
        }
        throw new BenchEnvironmentException("prompts/ja not found: run from the repository or give --prompts DIR");
    }

    private DtmfSignal RandomDigitSignal(Func<int, char, DtmfToneSpec> spec)
    {
        var s = new DtmfSignal(SeedFor("random-digits/phases")).Silence(200);
        s.Digits(RandomDigits(), RandomOnMs, RandomOffMs, spec);
        return s.Silence(150);
    }
}
