using System;
using System.IO;
using System.Linq;
using Fxs.Bench;
using Fxs.Core.Dsp.Echo;
using Xunit.Abstractions;

namespace Fxs.Bench.Tests;

/// <summary>(l) Barge-in over the guidance echo: the espeak-ng guidance, the bench's 8 ms echo path, the canceller, both receivers (quick mode).</summary>
public class EchoCancellerSuiteTests
{
    private static readonly DtmfConformanceSuite Suite = new(new BenchOptions { Quick = true, CorpusCacheDirectory = SuiteTests.Cache });
    private readonly ITestOutputHelper _output;

    public EchoCancellerSuiteTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Echo_path_is_8_ms_and_the_echo_is_6_dB_down()
    {
        double[] h = DtmfConformanceSuite.EchoPath();
        Assert.Equal(64, h.Length);
        Assert.Equal(0.0, h[0]);
        Assert.NotEqual(0.0, h[8]);
        var played = new short[8000];
        var rng = new Random(1);
        for (int i = 0; i < played.Length; i++) { played[i] = (short)rng.Next(-8000, 8000); }
        short[] heard = DtmfConformanceSuite.EchoLine(played, null);
        double px = played.Sum(v => (double)v * v), ph = heard.Sum(v => (double)v * v);
        Assert.InRange(10 * Math.Log10(px / ph), 5.8, 6.2);
    }

    [Fact]
    public void Keys_over_the_guidance_with_the_canceller()
    {
        var fxs = new FxsDtmfDecoder();
        var withEc = Suite.BargeInErrors(fxs, cancel: true);
        var without = Suite.BargeInErrors(fxs, cancel: false);
        var spandsp = Suite.BargeInErrors(new SpandspDtmfDecoder(), cancel: false);
        _output.WriteLine($"fxs with EC {withEc}; fxs without EC {without}; spandsp without EC {spandsp}");
        Assert.Equal(1000, withEc.Sent);
        Assert.True(withEc.Errors <= 1, withEc.ToString());
        Assert.True(without.Errors > 50, without.ToString());
        Assert.True(spandsp.Errors > 100, spandsp.ToString());
    }

    [Fact]
    public void The_echo_alone_gives_no_digit_through_the_canceller()
    {
        var r = Suite.EchoAloneFalseDigits(new FxsDtmfDecoder(), cancel: true);
        double erle = Suite.EchoAloneErleDb();
        _output.WriteLine($"{r.FalseDigits} digits in {r.Minutes:F1} min; ERLE {erle:F1} dB");
        Assert.True(r.Minutes >= 2.5);
        Assert.Equal(0, r.FalseDigits);
        Assert.True(erle >= 25, $"ERLE {erle:F1} dB");
    }

    [Fact]
    public void The_canceller_suite_is_selected_by_name_or_letter()
    {
        Assert.True(BenchOptions.Parse(new[] { "--suite", "l" }).Runs("canceller"));
        Assert.True(BenchOptions.Parse(new[] { "--suite", "canceller" }).Runs("canceller"));
        Assert.False(BenchOptions.Parse(new[] { "--suite", "k" }).Runs("canceller"));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(new[] { "--suite", "t" }));
        var stdout = new StringWriter();
        int code = DtmfBenchReport.Run(stdout, new StringWriter(), new[] { "--quick", "--cache", SuiteTests.Cache, "--suite", "l" });
        Assert.NotEqual(DtmfBenchReport.ExitUsage, code);
        string[] rows = stdout.ToString().Split('\n').Where(l => l.StartsWith("| (l)", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        _output.WriteLine(string.Join("\n", rows));
    }
}
