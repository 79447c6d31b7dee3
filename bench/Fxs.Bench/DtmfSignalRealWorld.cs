using System;
using Fxs.Core.Dsp;

namespace Fxs.Bench;

/// <summary>
/// The real-world generators of issue #11 (every one seeded through the signal's phase generator or an explicit seed,
/// levels per tone in dBm0, and like every bench signal rounded, saturated and µ-law round-tripped by
/// <see cref="ToLinear"/>): keys whose level wanders and dips, keys followed by a VoIP phone's decaying tail, keys with
/// third-order intermodulation, tones over a span (dial tones), an echo of the whole signal, and a uniform quantiser.
/// </summary>
public sealed partial class DtmfSignal
{
    /// <summary>The row and column frequencies of a digit with the spec's offsets applied, Hz.</summary>
    public static (double LowHz, double HighHz) Frequencies(char digit, DtmfToneSpec spec)
    {
        int row = DtmfDigits.RowOf(digit), col = DtmfDigits.ColumnOf(digit);
        if (row < 0) { throw new ArgumentException($"'{digit}' is not a DTMF digit", nameof(digit)); }
        return (DtmfDigits.RowHz[row] * (1 + spec.LowOffset), DtmfDigits.ColumnHz[col] * (1 + spec.HighOffset));
    }

    /// <summary>Appends each digit as a burst of <paramref name="onMs"/> then <paramref name="offMs"/> of silence, with a spec per digit (its index and itself).</summary>
    public DtmfSignal Digits(string digits, double onMs, double offMs, Func<int, char, DtmfToneSpec> spec)
    {
        for (int i = 0; i < digits.Length; i++) { Tone(digits[i], onMs, spec(i, digits[i])).Silence(offMs); }
        return this;
    }

    /// <summary>
    /// Appends one key of <paramref name="ms"/> whose two tones (spec levels, random phases) are scaled sample by sample
    /// by <paramref name="gainDb"/>(k), k = 0 .. n−1 from the key's start: a key held to a microphone, through an AGC or a
    /// fading line. It is one sent tone however deep the gain dips.
    /// </summary>
    public DtmfSignal Key(char digit, double ms, DtmfToneSpec spec, Func<int, double> gainDb)
    {
        int n = Ms(ms);
        long start = _length;
        AddPair(digit, spec, n, gainDb);
        _tones.Add(new SentTone(char.ToUpperInvariant(digit), start, start + n));
        _length += n;
        return this;
    }

    /// <summary>
    /// Appends one key of <paramref name="ms"/>, then a VoIP phone's tail: the same two tones, phase-continuous,
    /// dropped <paramref name="tailDownDb"/> below the key at its end and decaying exponentially (linearly in dB) by a
    /// further <paramref name="tailDecayDb"/> over <paramref name="tailMs"/>, then cut. Only the key is a sent tone; the
    /// tail must give nothing.
    /// </summary>
    public DtmfSignal KeyWithTail(char digit, double ms, DtmfToneSpec spec, double tailDownDb, double tailMs, double tailDecayDb)
    {
        int n = Ms(ms), tail = Ms(tailMs);
        long start = _length;
        AddPair(digit, spec, n + tail, k => k < n ? 0.0 : -tailDownDb - tailDecayDb * (k - n) / Math.Max(1, tail));
        _tones.Add(new SentTone(char.ToUpperInvariant(digit), start, start + n));
        _length += n + tail;
        return this;
    }

    /// <summary>
    /// Appends one key of <paramref name="ms"/> with the third-order intermodulation products of a nonlinear encoder:
    /// sines at 2f1−f2 and 2f2−f1 (f1, f2 the offset row and column frequencies), each <paramref name="imDownDb"/> below
    /// the weaker of the two tones, random phases.
    /// </summary>
    public DtmfSignal KeyWithIntermod(char digit, double ms, DtmfToneSpec spec, double imDownDb)
    {
        var (f1, f2) = Frequencies(digit, spec);
        int n = Ms(ms);
        long start = _length;
        AddPair(digit, spec, n, null);
        double a = Levels.SineAmplitude(Math.Min(spec.LowDbm0, spec.HighDbm0) - imDownDb);
        foreach (double f in new[] { 2 * f1 - f2, 2 * f2 - f1 })
        {
            double w = 2 * Math.PI * f / SampleRate, p = _phases.NextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) { _x[_length + i] += a * Math.Sin(w * i + p); }
        }
        _tones.Add(new SentTone(char.ToUpperInvariant(digit), start, start + n));
        _length += n;
        return this;
    }

    /// <summary>
    /// Adds sines (each at <paramref name="dbm0"/>, random phases) over [<paramref name="startSample"/>,
    /// <paramref name="startSample"/> + <paramref name="samples"/>) with raised-cosine ramps of <paramref name="rampMs"/>
    /// at both ends (a dial tone switched on and off by an exchange; no click wider than the ramp).
    /// </summary>
    public DtmfSignal AddTones(long startSample, int samples, double dbm0, double rampMs, params double[] hz)
    {
        if (startSample < 0 || startSample + samples > _length) { throw new ArgumentOutOfRangeException(nameof(samples), "span outside the signal"); }
        double a = Levels.SineAmplitude(dbm0);
        int ramp = Math.Min(Ms(rampMs), samples / 2);
        foreach (double f in hz)
        {
            double w = 2 * Math.PI * f / SampleRate, p = _phases.NextDouble() * 2 * Math.PI;
            for (int i = 0; i < samples; i++)
            {
                int edge = Math.Min(i, samples - 1 - i);
                double g = edge >= ramp ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * edge / ramp);
                _x[startSample + i] += g * a * Math.Sin(w * i + p);
            }
        }
        return this;
    }

    /// <summary>
    /// Adds an echo of the whole signal as built so far: x[n] += g·x[n − d], d = <paramref name="delayMs"/>,
    /// g = <paramref name="lossDb"/> down (an echo of the keys off a far hybrid or an acoustic path; one echo, flat).
    /// </summary>
    public DtmfSignal AddEcho(double lossDb, double delayMs)
    {
        int d = Ms(delayMs);
        double g = Math.Pow(10, -lossDb / 20);
        var dry = new double[_length];
        Array.Copy(_x, dry, _length);
        for (int i = d; i < _length; i++) { _x[i] += g * dry[i - d]; }
        return this;
    }

    /// <summary>
    /// A uniform quantiser of <paramref name="bits"/> bits over the 16-bit range (step 2^(16−bits); 8 bits: step 256):
    /// rounds every sample to the nearest step and saturates at the quantiser's end points (an 8-bit linear encoder).
    /// </summary>
    public DtmfSignal Quantise(int bits)
    {
        if (bits < 1 || bits > 16) { throw new ArgumentOutOfRangeException(nameof(bits)); }
        double step = 1 << (16 - bits);
        double max = short.MaxValue + 1 - step, min = short.MinValue;
        for (int i = 0; i < _length; i++) { _x[i] = Math.Clamp(Math.Round(_x[i] / step) * step, min, max); }
        return this;
    }

    /// <summary>Adds the digit's two tones (random phases) over the next <paramref name="n"/> samples from the end, scaled by an optional gain in dB.</summary>
    private void AddPair(char digit, DtmfToneSpec spec, int n, Func<int, double>? gainDb)
    {
        var (fl, fh) = Frequencies(digit, spec);
        double wl = 2 * Math.PI * fl / SampleRate, wh = 2 * Math.PI * fh / SampleRate;
        double al = Levels.SineAmplitude(spec.LowDbm0), ah = Levels.SineAmplitude(spec.HighDbm0);
        double pl = _phases.NextDouble() * 2 * Math.PI, ph = _phases.NextDouble() * 2 * Math.PI;
        Grow(n);
        for (int i = 0; i < n; i++)
        {
            double g = gainDb == null ? 1.0 : Math.Pow(10, gainDb(i) / 20);
            _x[_length + i] += g * (al * Math.Sin(wl * i + pl) + ah * Math.Sin(wh * i + ph));
        }
    }
}
