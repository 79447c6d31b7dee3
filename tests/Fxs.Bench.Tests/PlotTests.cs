using System.IO;
using System.Linq;
using Fxs.Bench;

namespace Fxs.Bench.Tests;

/// <summary>`fxs bench dtmf --plots DIR`: the curves are drawn as PNGs.</summary>
public class PlotTests
{
    [Fact]
    public void Plots_option_is_parsed()
    {
        Assert.Equal("out/plots", BenchOptions.Parse(new[] { "--plots", "out/plots" }).PlotsDirectory);
    }

    [Fact]
    public void Errors_against_snr_is_drawn_for_both_receivers()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fxs-plot-test-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            var suite = new DtmfConformanceSuite(new BenchOptions { Quick = true, CorpusCacheDirectory = SuiteTests.Cache });
            string png = Assert.Single(DtmfBenchPlots.Write(suite, new FxsDtmfDecoder(), new SpandspDtmfDecoder(), dir));
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
            Assert.True(bytes.Length > 10_000, "a picture with two curves is more than an empty frame");
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }
}
