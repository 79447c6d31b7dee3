using System;
using Fxs.Core.Dsp;
using Fxs.Core.Tests.Dtmf;
using Fxs.Hal;

namespace Fxs.Core.Tests.Echo;

/// <summary>
/// Test audio for the echo canceller, built on the host in double precision and deterministic:
/// a speech-like guidance signal, echo paths, and the line the port hears (echo plus keys,
/// through a µ-law round trip).
/// </summary>
internal static class EchoScene
{
    public const int Rate = 8000;

    /// <summary>r.m.s. of a 0 dBm0 sine (ToneLevel's definition).</summary>
    public static double ZeroDbm0Rms => LineSignal.ZeroDbm0Amplitude / Math.Sqrt(2);

    /// <summary>
    /// Speech-like guidance: syllables of 80-250 ms (a glottal buzz at a drifting 90-230 Hz pitch,
    /// one in five unvoiced noise) through three formant resonators gliding within 300-800,
    /// 900-2300 and 2400-3300 Hz, with 15 ms ramps; 30-150 ms gaps and now and then a 0.3-0.6 s
    /// pause. Scaled so that the syllables' r.m.s. level is <paramref name="activeDbm0"/>, then
    /// µ-law round-tripped (what the gateway puts on the line). Same seed, same samples.
    /// </summary>
    public static short[] Guidance(int samples, int seed, double activeDbm0 = -15.0)
    {
        var rng = new Random(seed);
        var x = new double[samples];
        var active = new bool[samples];
        int n = 0;
        double pitch = 90 + 140 * rng.NextDouble();
        double phase = 0;
        double g1 = 0, g2 = 0; // glottal pulse shaping state
        var f = new Resonator[3];
        for (int i = 0; i < 3; i++) { f[i] = new Resonator(); }
        while (n < samples)
        {
            int length = (int)(Rate * (0.08 + 0.17 * rng.NextDouble()));
            bool voiced = rng.Next(5) != 0;
            double[] from = { 300 + 500 * rng.NextDouble(), 900 + 1400 * rng.NextDouble(), 2400 + 900 * rng.NextDouble() };
            double[] to = { 300 + 500 * rng.NextDouble(), 900 + 1400 * rng.NextDouble(), 2400 + 900 * rng.NextDouble() };
            double pitchTo = Math.Clamp(pitch + 60 * (rng.NextDouble() - 0.5), 90, 230);
            int ramp = Rate * 15 / 1000;
            for (int i = 0; i < length && n < samples; i++, n++)
            {
                double t = i / (double)length;
                double hz = pitch + (pitchTo - pitch) * t;
                double source;
                if (voiced)
                {
                    phase += hz / Rate;
                    double pulse = 0;
                    if (phase >= 1) { phase -= 1; pulse = 1; }
                    g1 = 0.85 * g1 + pulse;          // decaying glottal pulse, rich in harmonics
                    g2 = 0.5 * g2 + g1;
                    source = g2 - 2.0;               // roughly zero mean
                }
                else
                {
                    source = 2 * (rng.NextDouble() - 0.5);
                }
                double y = 0;
                for (int k = 0; k < 3; k++)
                {
                    double fk = from[k] + (to[k] - from[k]) * t;
                    y += f[k].Step(source, fk, 80 + 40 * k) / (k + 1);
                }
                double env = Math.Min(1.0, Math.Min(i, length - 1 - i) / (double)ramp);
                x[n] = y * env;
                active[n] = true;
            }
            pitch = pitchTo;
            int gap = rng.Next(8) == 0 ? (int)(Rate * (0.3 + 0.3 * rng.NextDouble())) : (int)(Rate * (0.03 + 0.12 * rng.NextDouble()));
            n += gap;
        }
        double sum = 0;
        int count = 0;
        for (int i = 0; i < samples; i++) { if (active[i]) { sum += x[i] * x[i]; count++; } }
        double gain = ZeroDbm0Rms * Math.Pow(10, activeDbm0 / 20) / Math.Sqrt(sum / Math.Max(1, count));
        var line = new short[samples];
        for (int i = 0; i < samples; i++) { line[i] = Saturate(x[i] * gain); }
        G711.MuLawRoundTrip(line, 0, line.Length);
        return line;
    }

    /// <summary>A dispersive hybrid-like response: 1 ms bulk delay, then a damped 720 Hz ringing with a slow opposite tail, tapered to end by 8 ms (64 taps).</summary>
    public static double[] DispersivePath()
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

    /// <summary>A pure delay of 3 ms then a one-pole low-pass (pole 0.7), cut at 8 ms (64 taps).</summary>
    public static double[] DelayAndPolePath()
    {
        var h = new double[64];
        double y = 1;
        for (int m = 24; m < 64; m++) { h[m] = y; y *= 0.7; }
        return h;
    }

    /// <summary>A pure delay of 5 ms, flat.</summary>
    public static double[] FlatDelayPath()
    {
        var h = new double[64];
        h[40] = 1;
        return h;
    }

    /// <summary>
    /// The echo of <paramref name="played"/> through <paramref name="path"/>, scaled so that its
    /// power is <paramref name="lossDb"/> under the played signal's (the echo return loss, measured
    /// on this very signal), in double precision.
    /// </summary>
    public static double[] Echo(short[] played, double[] path, double lossDb = 6.0)
    {
        var y = new double[played.Length];
        for (int n = 0; n < played.Length; n++)
        {
            double s = 0;
            for (int k = 0; k < path.Length && k <= n; k++) { s += path[k] * played[n - k]; }
            y[n] = s;
        }
        double px = 0, py = 0;
        for (int n = 0; n < played.Length; n++) { px += (double)played[n] * played[n]; py += y[n] * y[n]; }
        double g = Math.Sqrt(px / py * Math.Pow(10, -lossDb / 10));
        for (int n = 0; n < y.Length; n++) { y[n] *= g; }
        return y;
    }

    /// <summary>What the port hears: echo plus <paramref name="near"/> (if any), rounded, saturated and µ-law round-tripped.</summary>
    public static short[] Heard(double[] echo, double[]? near = null)
    {
        var line = new short[echo.Length];
        for (int i = 0; i < line.Length; i++) { line[i] = Saturate(echo[i] + (near == null ? 0 : near[i])); }
        G711.MuLawRoundTrip(line, 0, line.Length);
        return line;
    }

    /// <summary>Runs a fresh canceller over the whole signal.</summary>
    public static short[] Cancel(short[] played, short[] heard, int taps = 64)
    {
        var ec = new Fxs.Core.Dsp.Echo.LineEchoCanceller(taps);
        var cleaned = new short[heard.Length];
        ec.Process(played, heard, cleaned, 0, heard.Length);
        return cleaned;
    }

    /// <summary>
    /// Echo return loss enhancement over [from, to), dB: the true echo's power over the power of
    /// what the canceller left of it (true echo minus its estimate heard − cleaned), so that it can
    /// be measured under double talk too.
    /// </summary>
    public static double Erle(double[] echo, short[] heard, short[] cleaned, int from, int to)
    {
        double e = 0, r = 0;
        for (int i = from; i < to; i++)
        {
            double residual = echo[i] - (heard[i] - cleaned[i]);
            e += echo[i] * echo[i];
            r += residual * residual;
        }
        return 10 * Math.Log10(e / Math.Max(r, 1e-9));
    }

    public static short Saturate(double v) => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);

    private sealed class Resonator
    {
        private double _y1, _y2;

        public double Step(double x, double hz, double bandwidthHz)
        {
            double r = Math.Exp(-Math.PI * bandwidthHz / Rate);
            double c = 2 * r * Math.Cos(2 * Math.PI * hz / Rate);
            double y = (1 - r) * x + c * _y1 - r * r * _y2;
            _y2 = _y1;
            _y1 = y;
            return y;
        }
    }
}
