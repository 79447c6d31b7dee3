using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Bench;

/// <summary>Level and frequency of the two tones of one DTMF burst.</summary>
/// <param name="LowDbm0">Level of the low-group (row) tone, dBm0.</param>
/// <param name="HighDbm0">Level of the high-group (column) tone, dBm0.</param>
/// <param name="LowOffset">Relative frequency error of the low tone (0.015 = +1.5 %).</param>
/// <param name="HighOffset">Relative frequency error of the high tone.</param>
public readonly record struct DtmfToneSpec(double LowDbm0, double HighDbm0, double LowOffset = 0, double HighOffset = 0)
{
    /// <summary>Both tones at <paramref name="dbm0"/>, nominal frequencies.</summary>
    public static DtmfToneSpec Equal(double dbm0) => new(dbm0, dbm0);

    /// <summary>
    /// Twisted pair: the stronger tone at <paramref name="strongerDbm0"/>, the other <paramref name="twistDb"/> weaker.
    /// <paramref name="highStronger"/>: the high group is the stronger ("forward"/"reverse" naming varies; this is explicit).
    /// </summary>
    public static DtmfToneSpec Twisted(double strongerDbm0, double twistDb, bool highStronger) =>
        highStronger ? new(strongerDbm0 - twistDb, strongerDbm0) : new(strongerDbm0, strongerDbm0 - twistDb);
}

/// <summary>One tone the bench sent: digit and its span [Start, End) in samples (a dropout inside does not split it).</summary>
public readonly record struct SentTone(char Digit, long Start, long End);

/// <summary>
/// Builds a bench test signal in double precision at 8 kHz: DTMF bursts and silences appended in order, then
/// impairments applied to the whole buffer in the order called, then <see cref="ToLinear"/> rounds and saturates
/// to 16 bits and passes everything through a µ-law round trip (G.711), which is what every receiver sees.
/// The bench owns these definitions; it does not use the firmware's generator.
/// </summary>
public sealed partial class DtmfSignal
{
    /// <summary>Sample rate, Hz.</summary>
    public const int SampleRate = LineTime.SampleRateHz;

    /// <summary>Dial tone of the bench: 400 Hz (Japan), level per issue −25 dBm0.</summary>
    public const double DialToneHz = 400.0;
    public const double DialToneDbm0 = -25.0;

    /// <summary>Mains hum of the bench: a pure 50 Hz sine at −10 dBm0 (chosen: strong hum, 10 dB over −20 dBm0 digits).</summary>
    public const double HumHz = 50.0;
    public const double HumDbm0 = -10.0;

    private readonly Random _phases;
    private readonly List<SentTone> _tones = new();
    private double[] _x = new double[8192];
    private int _length;

    /// <summary>Creates an empty signal; <paramref name="seed"/> fixes the random starting phases of the tones.</summary>
    public DtmfSignal(int seed) { _phases = new Random(seed); }

    /// <summary>Samples so far.</summary>
    public int Length => _length;

    /// <summary>The tones sent, in order.</summary>
    public IReadOnlyList<SentTone> Tones => _tones;

    /// <summary>The double-precision samples (before rounding, saturation and µ-law).</summary>
    public ReadOnlySpan<double> Samples => new(_x, 0, _length);

    /// <summary>Milliseconds to samples (rounded).</summary>
    public static int Ms(double ms) => (int)Math.Round(ms * SampleRate / 1000.0);

    /// <summary>Appends silence.</summary>
    public DtmfSignal Silence(double ms) => SilenceSamples(Ms(ms));

    /// <summary>Appends silence.</summary>
    public DtmfSignal SilenceSamples(int samples)
    {
        Grow(samples);
        _length += samples;
        return this;
    }

    /// <summary>
    /// Appends one DTMF burst of <paramref name="ms"/>, with a gap of <paramref name="dropoutMs"/> in its middle
    /// (the tones keep their phase across the gap, as when a line momentarily opens). Random starting phases.
    /// </summary>
    public DtmfSignal Tone(char digit, double ms, DtmfToneSpec spec, double dropoutMs = 0)
    {
        int row = DtmfDigits.RowOf(digit), col = DtmfDigits.ColumnOf(digit);
        if (row < 0) { throw new ArgumentException($"'{digit}' is not a DTMF digit", nameof(digit)); }
        int n = Ms(ms);
        int gap = Math.Min(n, Ms(dropoutMs));
        int gapStart = (n - gap) / 2;
        double wl = 2 * Math.PI * DtmfDigits.RowHz[row] * (1 + spec.LowOffset) / SampleRate;
        double wh = 2 * Math.PI * DtmfDigits.ColumnHz[col] * (1 + spec.HighOffset) / SampleRate;
        double al = Levels.SineAmplitude(spec.LowDbm0), ah = Levels.SineAmplitude(spec.HighDbm0);
        double pl = _phases.NextDouble() * 2 * Math.PI, ph = _phases.NextDouble() * 2 * Math.PI;
        Grow(n);
        for (int i = 0; i < n; i++)
        {
            if (i >= gapStart && i < gapStart + gap) { continue; }
            _x[_length + i] += al * Math.Sin(wl * i + pl) + ah * Math.Sin(wh * i + ph);
        }
        _tones.Add(new SentTone(char.ToUpperInvariant(digit), _length, _length + n));
        _length += n;
        return this;
    }

    /// <summary>Appends each digit as a burst of <paramref name="onMs"/> followed by <paramref name="offMs"/> of silence.</summary>
    public DtmfSignal Digits(string digits, double onMs, double offMs, DtmfToneSpec spec)
    {
        foreach (char d in digits) { Tone(d, onMs, spec).Silence(offMs); }
        return this;
    }

    /// <summary>Adds white Gaussian noise of standard deviation <paramref name="sigma"/> (linear units) over the whole buffer.</summary>
    public DtmfSignal AddNoise(double sigma, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < _length; i++) { _x[i] += sigma * Gaussian(rng); }
        return this;
    }

    /// <summary>Adds white Gaussian noise <paramref name="snrDb"/> below one tone at <paramref name="toneDbm0"/> (noise over 0-4 kHz).</summary>
    public DtmfSignal AddNoiseAtSnr(double toneDbm0, double snrDb, int seed) => AddNoise(Levels.NoiseSigma(toneDbm0, snrDb), seed);

    /// <summary>Adds a continuous sine over the whole buffer.</summary>
    public DtmfSignal AddSine(double hz, double dbm0, double phase = 0)
    {
        double a = Levels.SineAmplitude(dbm0), w = 2 * Math.PI * hz / SampleRate;
        for (int i = 0; i < _length; i++) { _x[i] += a * Math.Sin(w * i + phase); }
        return this;
    }

    /// <summary>Adds the 400 Hz dial tone (default −25 dBm0) over the whole buffer.</summary>
    public DtmfSignal AddDialTone(double dbm0 = DialToneDbm0) => AddSine(DialToneHz, dbm0);

    /// <summary>Adds 50 Hz hum (default −10 dBm0) over the whole buffer.</summary>
    public DtmfSignal AddHum(double dbm0 = HumDbm0) => AddSine(HumHz, dbm0);

    /// <summary>
    /// Adds <paramref name="speech"/> (from <paramref name="start"/>, wrapping around) scaled by
    /// <paramref name="gainDb"/> over the whole buffer.
    /// </summary>
    public DtmfSignal AddSpeech(short[] speech, long start, double gainDb)
    {
        if (speech.Length == 0) { throw new ArgumentException("empty speech", nameof(speech)); }
        double g = Math.Pow(10, gainDb / 20);
        long j = start % speech.Length;
        for (int i = 0; i < _length; i++)
        {
            _x[i] += g * speech[j];
            if (++j == speech.Length) { j = 0; }
        }
        return this;
    }

    /// <summary>Passes the whole buffer through the 300-3400 Hz band-pass (<see cref="BiquadCascade.TelephoneBandPass"/>).</summary>
    public DtmfSignal BandPass()
    {
        BiquadCascade.TelephoneBandPass(SampleRate).Process(_x, 0, _length);
        return this;
    }

    /// <summary>Clips |x| above <paramref name="limit"/> (default 16384, −6 dBFS).</summary>
    public DtmfSignal Clip(double limit = Levels.ClipMinus6Dbfs)
    {
        for (int i = 0; i < _length; i++) { _x[i] = Math.Clamp(_x[i], -limit, limit); }
        return this;
    }

    /// <summary>Rounds, saturates to 16 bits and (by default) applies the µ-law round trip.</summary>
    public short[] ToLinear(bool muLaw = true)
    {
        var y = new short[_length];
        for (int i = 0; i < _length; i++) { y[i] = Saturate(_x[i]); }
        if (muLaw) { G711.MuLawRoundTrip(y, 0, y.Length); }
        return y;
    }

    /// <summary>Rounds to nearest and saturates to a 16-bit sample.</summary>
    public static short Saturate(double v)
    {
        double r = Math.Round(v);
        return r > short.MaxValue ? short.MaxValue : r < short.MinValue ? short.MinValue : (short)r;
    }

    /// <summary>A standard normal deviate (Box-Muller).</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private void Grow(int more)
    {
        if (_length + more <= _x.Length) { return; }
        int size = _x.Length;
        while (size < _length + more) { size *= 2; }
        Array.Resize(ref _x, size);
    }
}
