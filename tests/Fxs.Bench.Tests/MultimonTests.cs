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
