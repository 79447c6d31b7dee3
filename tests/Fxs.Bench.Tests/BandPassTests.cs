using System;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

public class BandPassTests
{
    private static double MeasuredGainDb(double hz)
    {
        var filter = BiquadCascade.TelephoneBandPass();
        var x = new double[16000];
        for (int i = 0; i < x.Length; i++) { x[i] = Math.Sin(2 * Math.PI * hz * i / 8000); }
        filter.Process(x, 0, x.Length);
        double sum = 0;
        for (int i = 8000; i < x.Length; i++) { sum += x[i] * x[i]; } // after the transient
        return 10 * Math.Log10(sum / 8000 / 0.5);
    }

    [Fact]
    public void Passes_1_kHz()
    {
        Assert.InRange(BiquadCascade.TelephoneBandPass().GainDb(1000), -0.1, 0.1);
        Assert.InRange(MeasuredGainDb(1000), -0.1, 0.1);
    }

    [Fact]
    public void Corners_are_3_dB_down()
    {
        var f = BiquadCascade.TelephoneBandPass();
        Assert.InRange(f.GainDb(300), -3.2, -2.8);
        Assert.InRange(f.GainDb(3400), -3.2, -2.8);
    }

    [Fact]
    public void Attenuates_100_Hz_and_3800_Hz()
    {
        Assert.True(MeasuredGainDb(100) < -30, $"100 Hz: {MeasuredGainDb(100):F1} dB");
        Assert.True(MeasuredGainDb(3800) < -30, $"3800 Hz: {MeasuredGainDb(3800):F1} dB");
    }

    [Fact]
    public void Dtmf_band_is_flat()
    {
        var f = BiquadCascade.TelephoneBandPass();
        foreach (double hz in new[] { 697.0, 941.0, 1209.0, 1633.0 }) { Assert.InRange(f.GainDb(hz), -0.3, 0.1); }
    }
}
