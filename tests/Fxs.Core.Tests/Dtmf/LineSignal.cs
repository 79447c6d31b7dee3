using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>
/// Builds test line audio the way a phone and a line make it: digits from the core's integer
/// DtmfGenerator, interference added on the host in double precision, then a µ-law round trip.
/// </summary>
internal sealed class LineSignal
{
    public const int Rate = 8000;
    private readonly List<double> _samples = new();
    private readonly DtmfGenerator _generator = new();
    private readonly short[] _chunk = new short[1];

    public int Length => _samples.Count;

    public static int Ms(int ms) => ms * Rate / 1000;

    public LineSignal Silence(int ms)
    {
        for (int i = 0; i < Ms(ms); i++) { _samples.Add(0); }
        return this;
    }

    public LineSignal Digit(char digit, int ms, int lowDeciDbm0 = -100, int highDeciDbm0 = -100, int lowOffsetCentiPercent = 0, int highOffsetCentiPercent = 0)
    {
        _generator.SetDigit(digit, lowDeciDbm0, highDeciDbm0, lowOffsetCentiPercent, highOffsetCentiPercent);
        var buffer = new short[Ms(ms)];
        _generator.Fill(buffer, 0, buffer.Length);
        foreach (short s in buffer) { _samples.Add(s); }
        return this;
    }

    /// <summary>White Gaussian noise whose power is that of one tone at toneDeciDbm0, less snrDb.</summary>
    public LineSignal AddNoise(int toneDeciDbm0, double snrDb, int seed)
    {
        double amplitude = ZeroDbm0Amplitude * Math.Pow(10, toneDeciDbm0 / 200.0);
        double sigma = Math.Sqrt(amplitude * amplitude / 2 / Math.Pow(10, snrDb / 10));
        var random = new Random(seed);
        for (int i = 0; i < _samples.Count; i++)
        {
            double u1 = 1 - random.NextDouble();
            double u2 = random.NextDouble();
            _samples[i] += sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return this;
    }

    public LineSignal AddSine(double hz, int deciDbm0)
    {
        double amplitude = ZeroDbm0Amplitude * Math.Pow(10, deciDbm0 / 200.0);
        for (int i = 0; i < _samples.Count; i++) { _samples[i] += amplitude * Math.Sin(2 * Math.PI * hz * i / Rate); }
        return this;
    }

    public LineSignal Add(short[] other)
    {
        for (int i = 0; i < _samples.Count && i < other.Length; i++) { _samples[i] += other[i]; }
        return this;
    }

    public LineSignal Clip(int limit)
    {
        for (int i = 0; i < _samples.Count; i++) { _samples[i] = Math.Clamp(_samples[i], -limit, limit); }
        return this;
    }

    /// <summary>The line samples after rounding, saturation and a µ-law round trip.</summary>
    public short[] ToLine() => ToLine(_samples);

    /// <summary>Any host-built signal as the line carries it: rounded, saturated, µ-law round-tripped.</summary>
    public static short[] ToLine(IReadOnlyList<double> samples)
    {
        var line = new short[samples.Count];
        for (int i = 0; i < line.Length; i++) { line[i] = (short)Math.Clamp(Math.Round(samples[i]), short.MinValue, short.MaxValue); }
        G711.MuLawRoundTrip(line, 0, line.Length);
        return line;
    }

    /// <summary>0 dBm0 as the generator defines it (peak amplitude, 16-bit linear).</summary>
    public static double ZeroDbm0Amplitude => ToneLevel.AmplitudeQ16(0) / 65536.0;
}
