using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>The sequence-alignment scorer counts substitutions, deletions and insertions as an edit distance.</summary>
public class AlignmentTests
{
    [Theory]
    [InlineData("123", "123", 0, 0, 0)]
    [InlineData("123", "153", 1, 0, 0)]
    [InlineData("123", "13", 0, 1, 0)]
    [InlineData("123", "1223", 0, 0, 1)]
    [InlineData("123", "", 0, 3, 0)]
    [InlineData("", "99", 0, 0, 2)]
    [InlineData("1234567890", "12x4567*890", 1, 0, 1)]
    [InlineData("5555", "555", 0, 1, 0)]
    [InlineData("abcd", "ABCD", 0, 0, 0)]
    public void Counts_each_kind_of_edit(string sent, string decided, int sub, int del, int ins)
    {
        var a = DtmfAlignment.Align(sent, decided);
        Assert.Equal((sub, del, ins), (a.Substitutions, a.Deletions, a.Insertions));
        Assert.Equal(sub + del + ins, a.Errors);
    }

    [Fact]
    public void A_receiver_without_timing_is_scored_by_alignment_and_one_with_timing_gets_both()
    {
        var sent = new SentTone[] { new('1', 1000, 1400), new('2', 2000, 2400), new('3', 3000, 3400) };
        var split = new DecodedDigit[] { new('1', 1000, 1200), new('1', 1250, 1400), new('2', 2000, 2400), new('3', 3000, 3400) };

        var timed = DtmfScorer.ScoreFor(new FxsDtmfDecoder(), sent, split);
        Assert.True(timed.Timed);
        Assert.Equal(1, timed.Splits);
        Assert.Equal(1, timed.AlignedErrors);

        var untimed = DtmfScorer.ScoreFor(new MultimonDtmfDecoder(), sent, split);
        Assert.False(untimed.Timed);
        Assert.Equal((0, 1, 0, 0), (untimed.Misses, untimed.Extras, untimed.Wrong, untimed.Splits));
        Assert.Equal("1 (sub 0, del 0, ins 1)", untimed.ToString());
    }

    [Fact]
    public void Standing_ranks_fxs_against_both_peers()
    {
        Assert.Equal("first", new Standing(0, 3, 2, LowerIsBetter: true).ToString());
        Assert.Equal("tied", new Standing(0, 0, 2, LowerIsBetter: true).ToString());
        Assert.Equal("**behind multimon-ng**", new Standing(5, 6, 2, LowerIsBetter: true).ToString());
        Assert.Equal("**behind both**", new Standing(1, 3, 2, LowerIsBetter: false).ToString());
        Assert.False(new Standing(1, 3, 2, LowerIsBetter: false).FirstOrTied);
    }

    [Fact]
    public void A_timing_threshold_ranks_by_the_worse_margin_of_its_two_rows()
    {
        // Tones: decided from 29 ms, refused up to 21 (fxs today) against one decided from 17 ms but refusing only up to
        // 15 ms, below the 20 ms it must refuse: each side alone would rank them opposite ways; the margins do not.
        double balanced = DtmfBenchReport.ThresholdMarginMs(29, DtmfBenchReport.ToneAcceptedMs, 21, DtmfBenchReport.ToneRejectedMs);
        double eager = DtmfBenchReport.ThresholdMarginMs(17, DtmfBenchReport.ToneAcceptedMs, 15, DtmfBenchReport.ToneRejectedMs);
        Assert.Equal((1, -5), (balanced, eager));
        // Gaps in one key: splitting a repeated key from 19 ms is bought by bridging only 3 ms dropouts.
        Assert.Equal(-7, DtmfBenchReport.ThresholdMarginMs(19, DtmfBenchReport.RepeatSplitMs, 3, DtmfBenchReport.DropoutBridgedMs));
        Assert.Equal(4, DtmfBenchReport.ThresholdMarginMs(20, DtmfBenchReport.RepeatSplitMs, 14, DtmfBenchReport.DropoutBridgedMs));
        // Nothing decided in the scan, or nothing refused: as bad as a margin gets.
        Assert.True(DtmfBenchReport.ThresholdMarginMs(null, 40, 39, 20) < -900);
        Assert.True(DtmfBenchReport.ThresholdMarginMs(30, 40, null, 20) < -900);
        Assert.Equal("first (worse margin, ms: 1 / -1 / -5)", new Standing(1, -1, -5, LowerIsBetter: false, "worse margin, ms").ToString());
    }
}
