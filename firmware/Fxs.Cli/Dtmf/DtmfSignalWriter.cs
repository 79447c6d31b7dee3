using System;
using Fxs.Cli.Audio;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Cli.Dtmf;

// Renders a digit sequence with the core's DtmfGenerator (the same integer generator the device plays),
// adds host-side white Gaussian noise if asked, and streams it to a WAV a chunk at a time.
internal static class DtmfSignalWriter
{
    private const int SamplesPerMs = LineTime.SamplesPerMs;
    private const int ChunkSamples = 1024;

    // One second of a probe tone: long enough that the cross term of the two tones averages out.
    private const int ProbeSamples = LineTime.SampleRateHz;

    public static void Write(DtmfSignalSpec spec, LineAudioWriter output)
    {
        double noiseSigma = spec.SnrDb is double snr ? NoiseSigma(spec, snr) : 0.0;
        var noise = new GaussianNoise(spec.Seed);
        var generator = new DtmfGenerator();
        var clean = new short[ChunkSamples];
        var mixed = new short[ChunkSamples];

        void Segment(int ms)
        {
            long remaining = (long)ms * SamplesPerMs;
            while (remaining > 0)
            {
                int n = (int)Math.Min(remaining, ChunkSamples);
                generator.Fill(clean, 0, n);
                short[] block = clean;
                if (noiseSigma > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        double v = Math.Round(clean[i] + noiseSigma * noise.Next());
                        mixed[i] = (short)Math.Clamp(v, short.MinValue, short.MaxValue);
                    }
                    block = mixed;
                }
                output.Write(block, 0, n);
                remaining -= n;
            }
        }

        generator.Silence();
        Segment(spec.LeadMs);
        for (int d = 0; d < spec.Digits.Length; d++)
        {
            if (d > 0)
            {
                generator.Silence();
                Segment(spec.PauseMs);
            }
            SetDigit(generator, spec, spec.Digits[d]);
            Segment(spec.ToneMs);
        }
        generator.Silence();
        Segment(spec.LeadMs);
    }

    /// <summary>First sample of digit i, as written: lead + i × (tone + pause).</summary>
    public static long OnsetSample(DtmfSignalSpec spec, int index)
    {
        return ((long)spec.LeadMs + (long)index * (spec.ToneMs + spec.PauseMs)) * SamplesPerMs;
    }

    private static void SetDigit(DtmfGenerator generator, DtmfSignalSpec spec, char digit)
    {
        generator.SetDigit(digit, spec.LowLevelDeciDbm0, spec.HighLevelDeciDbm0,
            spec.LowOffsetCentiPercent, spec.HighOffsetCentiPercent);
    }

    // SNR is referred to the weaker tone as the generator actually produces it: the power of a probe of the
    // first digit is measured and split between the tones by their level difference. Measuring (rather than
    // assuming the core's dBm0-to-linear constant) keeps the SNR right even if that constant moves.
    private static double NoiseSigma(DtmfSignalSpec spec, double snrDb)
    {
        var probe = new DtmfGenerator();
        SetDigit(probe, spec, spec.Digits[0]);
        var samples = new short[ProbeSamples];
        probe.Fill(samples, 0, samples.Length);
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }
        double total = sum / samples.Length;
        double differenceDb = Math.Abs(spec.HighLevelDeciDbm0 - spec.LowLevelDeciDbm0) / 10.0;
        double weaker = total / (1.0 + Math.Pow(10.0, differenceDb / 10.0));
        return Math.Sqrt(weaker / Math.Pow(10.0, snrDb / 10.0));
    }

    // Box-Muller over System.Random(seed): the same seed gives the same file on every host and .NET version
    // (seeded Random keeps its legacy algorithm for exactly this reason).
    private sealed class GaussianNoise
    {
        private readonly Random _random;
        private double _spare;
        private bool _hasSpare;

        public GaussianNoise(int seed)
        {
            _random = new Random(seed);
        }

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            double u1 = 1.0 - _random.NextDouble(); // (0, 1]: log(0) is not allowed
            double u2 = _random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            _spare = r * Math.Sin(2.0 * Math.PI * u2);
            _hasSpare = true;
            return r * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
