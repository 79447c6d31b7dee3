using System;

namespace Fxs.Bench.Tests;

/// <summary>The tests' own measuring stick: one bin of a Hann-windowed DTFT (a Goertzel at any frequency).</summary>
internal static class Spectrum
{
    /// <summary>Level in dBm0 of the sine at <paramref name="hz"/> within x[start, start + n) (Hann window, amplitude-corrected).</summary>
    public static double SineDbm0(ReadOnlySpan<double> x, int start, int n, double hz, int sampleRate = DtmfSignal.SampleRate)
    {
        double re = 0, im = 0, wsum = 0, w0 = 2 * Math.PI * hz / sampleRate;
        for (int i = 0; i < n; i++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (i + 0.5) / n);
            re += w * x[start + i] * Math.Cos(w0 * i);
            im -= w * x[start + i] * Math.Sin(w0 * i);
            wsum += w;
        }
        double amplitude = 2 * Math.Sqrt(re * re + im * im) / wsum;
        return 20 * Math.Log10(Math.Max(amplitude, 1e-12) / Levels.ZeroDbm0Amplitude);
    }

    /// <summary>The frequency with the most energy within ±<paramref name="spanHz"/> of <paramref name="nearHz"/>: 0.5 Hz steps, then 0.01 Hz steps around the best.</summary>
    public static double PeakHz(ReadOnlySpan<double> x, int start, int n, double nearHz, double spanHz)
    {
        double coarse = Scan(x, start, n, nearHz - spanHz, nearHz + spanHz, 0.5);
        return Scan(x, start, n, coarse - 0.5, coarse + 0.5, 0.01);
    }

    private static double Scan(ReadOnlySpan<double> x, int start, int n, double from, double to, double step)
    {
        double best = from, bestDb = double.NegativeInfinity;
        for (int k = 0; from + k * step <= to; k++)
        {
            double f = from + k * step, db = SineDbm0(x, start, n, f);
            if (db > bestDb) { bestDb = db; best = f; }
        }
        return best;
    }

    public static double[] ToDouble(short[] x) => Array.ConvertAll(x, v => (double)v);
}
