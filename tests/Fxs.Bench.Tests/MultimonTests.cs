using System.Linq;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>multimon-ng (Debian's, as a process) behind the bench's decoder shape.</summary>
public class MultimonTests
{
    private static readonly MultimonDtmfDecoder Multimon = new();

    [Fact]
    public void Decodes_a_clean_sequence_of_all_16_digits_in_order()
    {
        var sig = new DtmfSignal(5).Silence(100).Digits("123A456B789C*0#D", 60, 60, DtmfToneSpec.Equal(-20)).Silence(100);
        var got = Multimon.Decode(sig.ToLinear());
        Assert.Equal("123A456B789C*0#D", new string(got.Select(d => d.Digit).ToArray()));
        Assert.False(Multimon.HasTiming);
        Assert.Equal(0, DtmfScorer.ScoreFor(Multimon, sig.Tones, got).Errors);
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-20.0)]
    public void Repeated_keys_with_pauses_are_separate_digits(double dbm0)
    {
        var sig = new DtmfSignal(6).Silence(100).Digits("5555", 80, 150, DtmfToneSpec.Equal(dbm0)).Silence(100);
        Assert.Equal("5555", new string(Multimon.Decode(sig.ToLinear()).Select(d => d.Digit).ToArray()));
    }

    [Fact]
    public void Silence_gives_nothing_and_an_empty_signal_is_fine()
    {
        Assert.Empty(Multimon.Decode(new short[8000]));
        Assert.Empty(Multimon.Decode(new short[0]));
    }

    [Fact]
    public void Parses_its_output_lines()
    {
        var d = MultimonDtmfDecoder.Parse("multimon-ng 1.2.0\nDTMF: 1\nDTMF: *\nsomething else\nDTMF: d\n");
        Assert.Equal("1*D", new string(d.Select(x => x.Digit).ToArray()));
    }
}

/// <summary>The in-process resampler that feeds multimon-ng its 22,050 Hz.</summary>
public class ResamplerTests
{
    [Theory]
    [InlineData(697.0)]
    [InlineData(1633.0)]
    [InlineData(3400.0)]
    public void A_tone_keeps_its_level_and_frequency_and_leaves_no_image(double hz)
    {
        short[] x = new DtmfSignal(1).Tone('1', 1000, new DtmfToneSpec(-10, -400, hz / 697 - 1, 0)).ToLinear(muLaw: false);
        short[] y = new Resampler(8000, 22050).Process(x);
        Assert.Equal(22050, y.Length);
        double[] d = Spectrum.ToDouble(y);
        Assert.InRange(Spectrum.SineDbm0(d, 2000, 18000, hz, 22050) + 10, -0.05, 0.05);
        Assert.True(Spectrum.SineDbm0(d, 2000, 18000, 8000 - hz, 22050) < -80, "image at 8 kHz − f");
        Assert.Equal(y, new Resampler(8000, 22050).Process(x)); // deterministic
    }
}
