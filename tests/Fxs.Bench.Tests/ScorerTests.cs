using Fxs.Bench;

namespace Fxs.Bench.Tests;

public class ScorerTests
{
    // Tones '1' [1000,1400), '2' [2000,2400), '3' [3000,3400).
    private static readonly SentTone[] Sent =
    {
        new('1', 1000, 1400), new('2', 2000, 2400), new('3', 3000, 3400),
    };

    [Fact]
    public void Perfect()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1010, 1390), new('2', 2020, 2410), new('3', 2990, 3400) });
        Assert.Equal(new DtmfScore(3, 3, 3, 0, 0, 0, 0), s);
        Assert.True(s.Perfect);
    }

    [Fact]
    public void Miss()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1010, 1390), new('3', 3000, 3400) });
        Assert.Equal((1, 0, 0, 0, 2), (s.Misses, s.Extras, s.Wrong, s.Splits, s.Correct));
    }

    [Fact]
    public void Extra_far_from_any_tone()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1010, 1390), new('9', 1700, 1800), new('2', 2000, 2400), new('3', 3000, 3400) });
        Assert.Equal((0, 1, 0, 0, 3), (s.Misses, s.Extras, s.Wrong, s.Splits, s.Correct));
        Assert.Equal(1, s.Errors);
    }

    [Fact]
    public void Wrong_digit()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1010, 1390), new('5', 2000, 2400), new('3', 3000, 3400) });
        Assert.Equal((0, 0, 1, 0, 2), (s.Misses, s.Extras, s.Wrong, s.Splits, s.Correct));
    }

    [Fact]
    public void Split_is_two_decisions_inside_one_tone()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1010, 1390), new('2', 2000, 2150), new('2', 2250, 2400), new('3', 3000, 3400) });
        Assert.Equal((0, 0, 0, 1, 2), (s.Misses, s.Extras, s.Wrong, s.Splits, s.Correct));
        Assert.Equal(1, s.Errors);
    }

    [Fact]
    public void A_decision_spanning_two_tones_counts_once_and_the_other_tone_is_missed()
    {
        var s = DtmfScorer.Score(Sent, new DecodedDigit[] { new('1', 1000, 2100), new('3', 3000, 3400) });
        Assert.Equal((1, 0, 0, 0, 2), (s.Misses, s.Extras, s.Wrong, s.Splits, s.Correct));
    }

    [Fact]
    public void Slack_tolerates_late_estimates_but_not_far_ones()
    {
        var near = DtmfScorer.Score(new[] { Sent[0] }, new DecodedDigit[] { new('1', 1450, 1500) });
        Assert.True(near.Perfect);
        var far = DtmfScorer.Score(new[] { Sent[0] }, new DecodedDigit[] { new('1', 1600, 1700) });
        Assert.Equal((1, 1), (far.Misses, far.Extras));
    }

    [Fact]
    public void Everything_is_extra_without_tones()
    {
        var s = DtmfScorer.Score(new SentTone[0], new DecodedDigit[] { new('1', 0, 10), new('2', 100, 200) });
        Assert.Equal(2, s.Extras);
        Assert.Equal(2, s.Errors);
    }
}
