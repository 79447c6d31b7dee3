using System;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

public class SignalTests
{
    [Fact]
    public void Zero_dBm0_is_3_17_dB_below_the_mu_law_overload_point()
    {
        // G.711 µ-law overload: 8159 in 14-bit linear, 32636 in 16-bit.
        Assert.Equal(32636 * Math.Pow(10, -3.17 / 20), Levels.ZeroDbm0Amplitude, 2);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-10.0)]
    [InlineData(-20.0)]
    [InlineData(-36.0)]
    public void A_single_tone_measures_its_level_within_0_1_dB(double dbm0)
    {
        var sig = new DtmfSignal(1).Tone('5', 1000, new DtmfToneSpec(dbm0, -400));
        Assert.InRange(Levels.RmsDbm0(sig.Samples) - dbm0, -0.1, 0.1);
        Assert.InRange(Levels.RmsDbm0(sig.ToLinear()) - dbm0, -0.1, 0.1); // after rounding and µ-law
    }

    [Fact]
    public void Two_tones_and_twist_add_up_within_0_1_dB()
    {
        var sig = new DtmfSignal(2).Tone('D', 1000, DtmfToneSpec.Twisted(-10, 6, highStronger: true));
        double expected = 10 * Math.Log10(Math.Pow(10, -1.0) + Math.Pow(10, -1.6));
        Assert.InRange(Levels.RmsDbm0(sig.ToLinear()) - expected, -0.1, 0.1);
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(0.0)]
    public void Noise_sits_snr_below_one_tone_within_0_1_dB(double snr)
    {
        var sig = new DtmfSignal(3).Silence(10_000).AddNoiseAtSnr(-20, snr, seed: 4);
        Assert.InRange(Levels.RmsDbm0(sig.Samples) - (-20 - snr), -0.1, 0.1);
        Assert.InRange(Levels.RmsDbm0(sig.ToLinear()) - (-20 - snr), -0.1, 0.1);
    }

    [Fact]
    public void Dial_tone_and_hum_levels()
    {
        Assert.InRange(Levels.RmsDbm0(new DtmfSignal(0).Silence(2000).AddDialTone().Samples) + 25, -0.1, 0.1);
        Assert.InRange(Levels.RmsDbm0(new DtmfSignal(0).Silence(2000).AddHum().Samples) + 10, -0.1, 0.1);
    }

    [Fact]
    public void Frequency_offset_moves_the_tone()
    {
        // 1 s of '1' with the low tone +3 %: count zero crossings of the low tone alone.
        var sig = new DtmfSignal(5).Tone('1', 1000, new DtmfToneSpec(-10, -400, 0.03, 0));
        int crossings = 0;
        ReadOnlySpan<double> x = sig.Samples;
        for (int i = 1; i < x.Length; i++) { if (x[i - 1] < 0 && x[i] >= 0) { crossings++; } }
        Assert.InRange(crossings, 717, 719); // 697 × 1.03 = 717.9 Hz
    }

    [Fact]
    public void Dropout_is_silent_in_the_middle_and_the_tone_is_recorded_whole()
    {
        var sig = new DtmfSignal(6).Silence(10).Tone('7', 100, DtmfToneSpec.Equal(-10), dropoutMs: 10).Silence(10);
        Assert.Single(sig.Tones);
        Assert.Equal(new SentTone('7', 80, 880), sig.Tones[0]);
        ReadOnlySpan<double> x = sig.Samples;
        for (int i = 80 + 360; i < 80 + 440; i++) { Assert.Equal(0.0, x[i]); }
        Assert.NotEqual(0.0, x[80 + 359]);
        Assert.NotEqual(0.0, x[80 + 440]);
    }

    [Fact]
    public void Clipping_limits_to_minus_6_dBFS_and_saturation_to_16_bits()
    {
        var sig = new DtmfSignal(7).Tone('0', 100, DtmfToneSpec.Equal(0));
        short[] saturated = new DtmfSignal(7).Tone('0', 100, DtmfToneSpec.Equal(3)).ToLinear(muLaw: false);
        Assert.Contains(saturated, v => v == short.MaxValue);
        sig.Clip();
        foreach (double v in sig.Samples) { Assert.InRange(v, -16384, 16384); }
    }

    [Fact]
    public void Same_seed_same_signal()
    {
        short[] a = new DtmfSignal(11).Digits("123", 50, 50, DtmfToneSpec.Equal(-20)).AddNoiseAtSnr(-20, 6, 12).ToLinear();
        short[] b = new DtmfSignal(11).Digits("123", 50, 50, DtmfToneSpec.Equal(-20)).AddNoiseAtSnr(-20, 6, 12).ToLinear();
        Assert.Equal(a, b);
    }
}
