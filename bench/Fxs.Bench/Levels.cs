using System;

namespace Fxs.Bench;

/// <summary>
/// Level conventions of the bench (ITU-T G.711): 0 dBm0 is a sine 3.17 dB below µ-law's overload
/// point, exactly as the HAL's <see cref="Fxs.Hal.ToneLevel"/> defines it (one definition for the
/// generator, the receiver and the bench). All levels are of one sine (one tone) unless stated.
/// </summary>
public static class Levels
{
    /// <summary>A sine at µ-law's overload point is +3.17 dBm0.</summary>
    public const double FullScaleSineDbm0 = 3.17;

    /// <summary>Peak amplitude of a 0 dBm0 sine (≈ 22,657), from the core's definition.</summary>
    public static readonly double ZeroDbm0Amplitude = Fxs.Hal.ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0;

    /// <summary>Mean square of a 0 dBm0 sine.</summary>
    public static readonly double ZeroDbm0Power = ZeroDbm0Amplitude * ZeroDbm0Amplitude / 2.0;

    /// <summary>The clipping point of the "clipped at −6 dBFS" impairment: |x| &gt; 16384 is clipped.</summary>
    public const double ClipMinus6Dbfs = 16384.0;

    /// <summary>Peak amplitude of a sine at <paramref name="dbm0"/>.</summary>
    public static double SineAmplitude(double dbm0) => ZeroDbm0Amplitude * Math.Pow(10.0, dbm0 / 20.0);

    /// <summary>Mean square of a sine at <paramref name="dbm0"/>.</summary>
    public static double SinePower(double dbm0) => ZeroDbm0Power * Math.Pow(10.0, dbm0 / 10.0);

    /// <summary>dBm0 of a mean square.</summary>
    public static double PowerToDbm0(double meanSquare) => 10.0 * Math.Log10(meanSquare / ZeroDbm0Power);

    /// <summary>
    /// Standard deviation of white Gaussian noise (flat over 0-4 kHz) whose power is
    /// <paramref name="snrDb"/> below one tone at <paramref name="toneDbm0"/>: σ² = (A²/2) / 10^(SNR/10).
    /// </summary>
    public static double NoiseSigma(double toneDbm0, double snrDb) => Math.Sqrt(SinePower(toneDbm0) / Math.Pow(10.0, snrDb / 10.0));

    /// <summary>RMS level in dBm0 of samples.</summary>
    public static double RmsDbm0(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) { sum += v * v; }
        return PowerToDbm0(sum / Math.Max(1, x.Length));
    }

    /// <summary>RMS level in dBm0 of samples.</summary>
    public static double RmsDbm0(ReadOnlySpan<short> x)
    {
        double sum = 0;
        foreach (short v in x) { sum += (double)v * v; }
        return PowerToDbm0(sum / Math.Max(1, x.Length));
    }

    /// <summary>
    /// Active speech level in dBm0, a simplified ITU-T P.56: mean power over the 20 ms frames that are
    /// no more than 30 dB below the 95th-percentile frame and above −60 dBm0 (speech pauses and
    /// espeak-ng's digital silence are not counted). NaN if no frame is active.
    /// </summary>
    public static double ActiveSpeechLevelDbm0(ReadOnlySpan<short> x)
    {
        const int frame = 160;
        int frames = x.Length / frame;
        if (frames == 0) { return double.NaN; }
        var power = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int i = 0; i < frame; i++) { double v = x[f * frame + i]; sum += v * v; }
            power[f] = sum / frame;
        }
        var sorted = (double[])power.Clone();
        Array.Sort(sorted);
        double p95 = sorted[Math.Min(frames - 1, (int)(0.95 * frames))];
        double threshold = Math.Max(p95 * 1e-3, SinePower(-60.0));
        double active = 0;
        int count = 0;
        foreach (double p in power)
        {
            if (p > threshold) { active += p; count++; }
        }
        return count == 0 ? double.NaN : PowerToDbm0(active / count);
    }
}
