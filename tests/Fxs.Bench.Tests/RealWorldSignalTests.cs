using System;
using System.Linq;
using Fxs.Bench;
using Fxs.Core.Dsp;

namespace Fxs.Bench.Tests;

/// <summary>Issue #11's generators measure what they claim (each with the tests' own DTFT, <see cref="Spectrum"/>).</summary>
public class RealWorldSignalTests
{
    [Theory]
    [InlineData('1', 1, 1)]
    [InlineData('1', 1, -1)]
    [InlineData('D', -1, 1)]
    [InlineData('D', -1, -1)]
    public void Limit_offsets_put_each_tone_1_5_percent_plus_2_Hz_off_with_its_sign(char digit, int rowSign, int columnSign)
    {
        var sig = new DtmfSignal(3).Tone(digit, 1000, DtmfConformanceSuite.LimitOffsetSpec(digit, rowSign, columnSign, -20));
        double row = DtmfDigits.RowHz[DtmfDigits.RowOf(digit)], col = DtmfDigits.ColumnHz[DtmfDigits.ColumnOf(digit)];
        double[] x = Spectrum.ToDouble(sig.ToLinear());
        Assert.InRange(Spectrum.PeakHz(x, 0, x.Length, row, 30) - (row + rowSign * (0.015 * row + 2)), -0.1, 0.1);
        Assert.InRange(Spectrum.PeakHz(x, 0, x.Length, col, 40) - (col + columnSign * (0.015 * col + 2)), -0.1, 0.1);
    }

    [Fact]
    public void A_tail_starts_its_drop_below_the_key_decays_as_told_and_is_not_a_sent_tone()
    {
        // Key 200 ms at −10 dBm0, tail 30 dB down decaying 20 dB more over 100 ms.
        var sig = new DtmfSignal(4).KeyWithTail('5', 200, DtmfToneSpec.Equal(-10), tailDownDb: 30, tailMs: 100, tailDecayDb: 20).Silence(50);
        Assert.Single(sig.Tones);
        Assert.Equal(new SentTone('5', 0, 1600), sig.Tones[0]);
        double[] x = sig.Samples.ToArray();
        double Level(int start, int n) => Spectrum.SineDbm0(x, start, n, 770);
        Assert.InRange(Level(1600 - 320, 320), -10.1, -9.9);
        // The tail's gain at sample k is −30 − 20·k/800 dB: the first 10 ms average about −31.2 dB, the last about −49 dB.
        Assert.InRange(Level(1600, 80) - (-10 - 31.2), -0.5, 0.5);
        Assert.InRange(Level(1600 + 720, 80) - (-10 - 48.8), -0.7, 0.7);
        for (int i = 2400; i < x.Length; i++) { Assert.Equal(0.0, x[i]); }
    }

    [Fact]
    public void An_echo_of_the_keys_is_its_loss_down_and_its_delay_late()
    {
        var sig = new DtmfSignal(5).Tone('9', 100, DtmfToneSpec.Equal(-10)).Silence(100).AddEcho(lossDb: 35, delayMs: 40);
        ReadOnlySpan<double> x = sig.Samples;
        // After the key (800 samples), the echo alone for 40 ms (320 samples): 35 dB under the key, then nothing.
        Assert.InRange(Spectrum.SineDbm0(x, 800, 320, 852) - (-45), -0.2, 0.2);
        Assert.InRange(Spectrum.SineDbm0(x, 800, 320, 1477) - (-45), -0.2, 0.2);
        for (int i = 800 + 320; i < x.Length; i++) { Assert.Equal(0.0, x[i]); }
    }

    [Fact]
    public void Intermodulation_products_sit_20_dB_under_the_tones_at_2f1_minus_f2_and_2f2_minus_f1()
    {
        var spec = new DtmfToneSpec(-10, -10, -0.012, -0.013);
        var sig = new DtmfSignal(6).KeyWithIntermod('6', 1000, spec, imDownDb: 20);
        var (f1, f2) = DtmfSignal.Frequencies('6', spec);
        Assert.Equal(770 * 0.988, f1, 6);
        Assert.Equal(1477 * 0.987, f2, 6);
        ReadOnlySpan<double> x = sig.Samples;
        Assert.InRange(Spectrum.PeakHz(x, 0, x.Length, 770, 20) - f1, -0.05, 0.05);
        Assert.InRange(Spectrum.SineDbm0(x, 0, x.Length, 2 * f1 - f2) - (-30), -0.1, 0.1);
        Assert.InRange(Spectrum.SineDbm0(x, 0, x.Length, 2 * f2 - f1) - (-30), -0.1, 0.1);
    }

    [Fact]
    public void An_8_bit_quantiser_leaves_only_multiples_of_256()
    {
        var sig = new DtmfSignal(7).Tone('0', 100, DtmfToneSpec.Equal(-4)).Quantise(8);
        foreach (short v in sig.ToLinear(muLaw: false)) { Assert.Equal(0, v % 256); }
        Assert.Contains(sig.ToLinear(muLaw: false), v => v != 0);
    }

    [Fact]
    public void A_dial_tone_span_is_at_its_level_ramped_and_only_where_told()
    {
        var sig = new DtmfSignal(8).Silence(2000);
        sig.AddTones(4000, 8000, -20, 5, DtmfConformanceSuite.DialToneHz(DialToneKind.Hz350Plus440));
        ReadOnlySpan<double> x = sig.Samples;
        Assert.InRange(Spectrum.SineDbm0(x, 6000, 4000, 350) + 20, -0.1, 0.1);
        Assert.InRange(Spectrum.SineDbm0(x, 6000, 4000, 440) + 20, -0.1, 0.1);
        Assert.Equal(0.0, x[3999]);
        Assert.Equal(0.0, x[12000]);
        Assert.True(Math.Abs(x[4001]) < 0.01 * Levels.SineAmplitude(-20)); // ramped in, no click
    }

    [Fact]
    public void Held_key_wander_peaks_at_exactly_10_dB_and_dips_stay_within_20_ms_and_20_dB()
    {
        var rng = new Random(9);
        for (int k = 0; k < 20; k++)
        {
            int n = DtmfSignal.Ms(300 + 170 * k);
            var wander = DtmfConformanceSuite.HeldWander(rng, n);
            var dips = DtmfConformanceSuite.HeldDips(rng, n);
            double peak = Enumerable.Range(0, n).Max(i => Math.Abs(wander(i)));
            Assert.InRange(peak, 9.9, 10.0);
            int run = 0, longest = 0;
            for (int i = 0; i < n; i++)
            {
                double d = dips(i);
                Assert.InRange(d, -20, 0);
                run = d < 0 ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            Assert.True(longest <= DtmfSignal.Ms(20) * 3, $"dip run {longest}"); // ≤ 3 dips, which may touch
        }
    }

    [Fact]
    public void The_real_world_rows_are_seeded()
    {
        var a = new DtmfConformanceSuite(new BenchOptions { Quick = true });
        var b = new DtmfConformanceSuite(new BenchOptions { Quick = true });
        var fxs = new FxsDtmfDecoder();
        Assert.Equal(a.HeldKeyErrors(fxs), b.HeldKeyErrors(fxs));
        Assert.Equal(a.TailErrors(fxs), b.TailErrors(fxs));
    }
}
