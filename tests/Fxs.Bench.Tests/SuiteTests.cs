using System;
using System.IO;
using System.Linq;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>The suites' machinery, checked on spandsp (whose figures are known and stable), in quick mode.</summary>
public class SuiteTests
{
    internal static readonly string Cache = Path.Combine(Path.GetTempPath(), "fxs-bench-tests-cache");

    private static readonly DtmfConformanceSuite Suite = new(new BenchOptions { Quick = true, CorpusCacheDirectory = Cache });
    private static readonly SpandspDtmfDecoder Spandsp = new();

    [Fact]
    public void Frequency_low_group()
    {
        var r = Suite.FrequencyTolerance(Spandsp, DtmfGroup.Low);
        Assert.InRange(r.MinAcceptedPercent!.Value, -2.6, -1.5);
        Assert.InRange(r.MaxAcceptedPercent!.Value, 1.5, 2.6);
    }

    [Fact]
    public void Frequency_high_group_gives_nothing_beyond_3_5_percent()
    {
        var r = Suite.FrequencyTolerance(Spandsp, DtmfGroup.High);
        Assert.InRange(r.MaxAcceptedPercent!.Value, 1.2, 2.2);
        Assert.Equal(0, r.DecisionsBeyond);
    }

    [Fact]
    public void Twist()
    {
        var r = Suite.Twist(Spandsp);
        Assert.InRange(r.MaxHighStrongerDb!.Value, 2, 4);
        Assert.InRange(r.MaxLowStrongerDb!.Value, 6, 8);
    }

    [Fact]
    public void Level()
    {
        var r = Suite.LevelRange(Spandsp);
        Assert.Equal(3, r.MaxDbm0);
        Assert.InRange(r.MinDbm0!.Value, -43, -39);
        Assert.Equal(0, r.DecisionsAtOrBelowMinus45);
    }

    [Fact]
    public void Timing()
    {
        var t = Suite.ToneDuration(Spandsp);
        Assert.InRange(t.ShortestAcceptedMs!.Value, 28, 40);
        Assert.InRange(t.LongestRejectedMs!.Value, 15, 27);
        var p = Suite.Pause(Spandsp);
        Assert.InRange(p.ShortestRepeatedMs!.Value, 12, 26);
        Assert.NotNull(p.ShortestDistinctMs);
        var d = Suite.Dropout(Spandsp);
        Assert.InRange(d.LongestBridgedMs!.Value, 0, 8);
    }

    [Fact]
    public void Noise_and_impairments_on_the_same_digits()
    {
        string digits = Suite.RandomDigits();
        Assert.Equal(1000, digits.Length);
        Assert.Equal(digits, new DtmfConformanceSuite(new BenchOptions { Quick = true }).RandomDigits());
        Assert.NotEqual(digits, new DtmfConformanceSuite(new BenchOptions { Seed = 1 }).RandomDigits());

        Assert.Equal(0, Suite.ImpairmentErrors(Spandsp, DtmfImpairment.None).Errors);
        Assert.Equal(0, Suite.ImpairmentErrors(Spandsp, DtmfImpairment.BandPass).Errors);
        Assert.InRange(Suite.NoiseErrors(Spandsp, 6).Errors, 1, 100);
        Assert.True(Suite.NoiseErrors(Spandsp, 0).Misses > 900);
        Assert.True(Suite.ImpairmentErrors(Spandsp, DtmfImpairment.DialTone).Errors > 0);
    }

    [Fact]
    public void Talk_off_and_echo_give_spandsp_nothing()
    {
        var t = Suite.TalkOff(Spandsp);
        Assert.True(t.Minutes >= 5.0);
        Assert.Equal(0, t.FalseDigits);
        Assert.Equal(0, Suite.GuidanceEcho(Spandsp).FalseDigits);
    }

    [Fact]
    public void Throughput_measures_both_in_one_run()
    {
        var r = Suite.Throughput(new IDtmfDecoderUnderTest[] { new FxsDtmfDecoder(), Spandsp });
        Assert.Equal(new[] { "fxs", "spandsp" }, r.Select(x => x.Decoder));
        Assert.All(r, x => Assert.True(x.CpuSeconds >= 0.25 && x.Ratio > 1));
    }

    [Fact]
    public void Contiguous_scan()
    {
        Assert.Equal(4, DtmfConformanceSuite.Contiguous(0, 1, 10, v => v <= 4 || v == 7));
        Assert.Null(DtmfConformanceSuite.Contiguous(0, 1, 10, _ => false));
        Assert.Equal(-10, DtmfConformanceSuite.Contiguous(0, -1, -10, _ => true));
    }
}

public class ReportTests
{
    [Fact]
    public void Quick_report_has_every_row_for_both_receivers()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DtmfBenchReport.Run(stdout, stderr, new BenchOptions { Quick = true, CorpusCacheDirectory = SuiteTests.Cache });

        Assert.True(code is DtmfBenchReport.ExitAllMet or DtmfBenchReport.ExitRequirementsNotMet, stderr.ToString());
        string md = stdout.ToString();
        Assert.Contains("| test | requirement | fxs | pass/fail | spandsp | multimon-ng | fxs vs peers |", md);
        int rows = md.Split('\n').Count(l => l.StartsWith("| (", StringComparison.Ordinal));
        Assert.Equal(50, rows);
        Assert.Equal(code == DtmfBenchReport.ExitAllMet,
            !md.Contains("**FAIL**", StringComparison.Ordinal) && !md.Contains("**behind", StringComparison.Ordinal));
    }

    [Fact]
    public void Suites_can_be_selected_by_name_or_letter()
    {
        var stdout = new StringWriter();
        int code = DtmfBenchReport.Run(stdout, new StringWriter(), new[] { "--quick", "--suite", "twist,k" });
        Assert.NotEqual(DtmfBenchReport.ExitUsage, code);
        Assert.Equal(3, stdout.ToString().Split('\n').Count(l => l.StartsWith("| (", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_real_world_suite_runs_on_its_own_with_all_seven_columns()
    {
        const int expectedRows = 2;
        var stdout = new StringWriter();
        int code = DtmfBenchReport.Run(stdout, new StringWriter(), new[] { "--quick", "--cache", SuiteTests.Cache, "--suite", "held" });
        Assert.NotEqual(DtmfBenchReport.ExitUsage, code);
        string[] rows = stdout.ToString().Split('\n').Where(l => l.StartsWith("| (", StringComparison.Ordinal)).ToArray();
        Assert.Equal(expectedRows, rows.Length);
        Assert.All(rows, r => Assert.Equal(9, r.Split('|').Length)); // 7 columns: … spandsp | multimon-ng | fxs vs peers
    }

    [Fact]
    public void Bad_option_is_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.Equal(DtmfBenchReport.ExitUsage, DtmfBenchReport.Run(new StringWriter(), stderr, new[] { "--suite", "nonsense" }));
        Assert.Contains("unknown suite", stderr.ToString());
    }
}
