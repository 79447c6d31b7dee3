using System;
using System.Collections.Generic;
using System.Numerics;
using Fxs.Hal;

namespace Fxs.Bench;

/// <summary>A second-order IIR section (direct form I, double precision), y = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²) x.</summary>
public sealed class Biquad
{
    private double _x1, _x2, _y1, _y2;

    public Biquad(double b0, double b1, double b2, double a1, double a2)
    {
        B0 = b0; B1 = b1; B2 = b2; A1 = a1; A2 = a2;
    }

    public double B0 { get; }
    public double B1 { get; }
    public double B2 { get; }
    public double A1 { get; }
    public double A2 { get; }

    /// <summary>
    /// Second-order low-pass at <paramref name="cornerHz"/> with quality <paramref name="q"/>: the analog
    /// prototype 1/(s² + s/Q + 1) mapped by the bilinear transform, pre-warped so the corner stays put.
    /// </summary>
    public static Biquad LowPass(double cornerHz, double q, double sampleRate)
    {
        double k = Math.Tan(Math.PI * cornerHz / sampleRate);
        double norm = 1.0 / (1.0 + k / q + k * k);
        double b0 = k * k * norm;
        return new Biquad(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm);
    }

    /// <summary>Second-order high-pass: s²/(s² + s/Q + 1) through the pre-warped bilinear transform.</summary>
    public static Biquad HighPass(double cornerHz, double q, double sampleRate)
    {
        double k = Math.Tan(Math.PI * cornerHz / sampleRate);
        double norm = 1.0 / (1.0 + k / q + k * k);
        return new Biquad(norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm);
    }

    public double Process(double x)
    {
        double y = B0 * x + B1 * _x1 + B2 * _x2 - A1 * _y1 - A2 * _y2;
        _x2 = _x1; _x1 = x; _y2 = _y1; _y1 = y;
        return y;
    }

    public void Reset() { _x1 = _x2 = _y1 = _y2 = 0; }

    /// <summary>Complex response at <paramref name="hz"/>.</summary>
    public Complex Response(double hz, double sampleRate)
    {
        Complex z1 = Complex.FromPolarCoordinates(1.0, -2 * Math.PI * hz / sampleRate);
        Complex z2 = z1 * z1;
        return (B0 + B1 * z1 + B2 * z2) / (1 + A1 * z1 + A2 * z2);
    }
}

/// <summary>A cascade of biquads.</summary>
public sealed class BiquadCascade
{
    private readonly Biquad[] _sections;

    public BiquadCascade(IEnumerable<Biquad> sections) { _sections = new List<Biquad>(sections).ToArray(); }

    public IReadOnlyList<Biquad> Sections => _sections;

    /// <summary>
    /// The telephone-channel band-pass of the bench: 300-3400 Hz, a 4th-order Butterworth high-pass at
    /// 300 Hz followed by a 4th-order Butterworth low-pass at 3400 Hz (each two biquads with
    /// Q = 1/(2cos(π/8)) and 1/(2cos(3π/8))), designed with the bilinear transform at 8 kHz.
    /// </summary>
    public static BiquadCascade TelephoneBandPass(double sampleRate = LineTime.SampleRateHz, double lowHz = 300.0, double highHz = 3400.0)
    {
        double q1 = 1.0 / (2.0 * Math.Cos(Math.PI / 8.0));
        double q2 = 1.0 / (2.0 * Math.Cos(3.0 * Math.PI / 8.0));
        return new BiquadCascade(new[]
        {
            Biquad.HighPass(lowHz, q1, sampleRate),
            Biquad.HighPass(lowHz, q2, sampleRate),
            Biquad.LowPass(highHz, q1, sampleRate),
            Biquad.LowPass(highHz, q2, sampleRate),
        });
    }

    /// <summary>Filters in place.</summary>
    public void Process(double[] x, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            double v = x[i];
            foreach (Biquad s in _sections) { v = s.Process(v); }
            x[i] = v;
        }
    }

    public void Reset() { foreach (Biquad s in _sections) { s.Reset(); } }

    /// <summary>Gain in dB at <paramref name="hz"/>, from the coefficients.</summary>
    public double GainDb(double hz, double sampleRate = LineTime.SampleRateHz)
    {
        Complex h = Complex.One;
        foreach (Biquad s in _sections) { h *= s.Response(hz, sampleRate); }
        return 20.0 * Math.Log10(h.Magnitude);
    }
}
