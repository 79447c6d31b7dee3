using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Fxs.Bench;

/// <summary>
/// The bench's curves as pictures, ours beside spandsp's on the very same samples, for an engineer
/// who would rather look than read the table: errors in the 1000 random digits against SNR.
/// </summary>
public static class DtmfBenchPlots
{
    /// <summary>SNR steps of the curve, dB: from well below the 0 dB requirement to where both are clean.</summary>
    public static readonly IReadOnlyList<int> SnrStepsDb = Enumerable.Range(-6, 19).ToArray(); // −6 .. +12

    /// <summary>Draws every curve into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(DtmfConformanceSuite suite, IDtmfDecoderUnderTest ours, IDtmfDecoderUnderTest peer, string directory)
    {
        Directory.CreateDirectory(directory);
        string snr = Path.Combine(directory, "dtmf-errors-vs-snr.png");
        ErrorsAgainstSnr(suite, ours, peer, snr);
        return new[] { snr };
    }

    private static void ErrorsAgainstSnr(DtmfConformanceSuite suite, IDtmfDecoderUnderTest ours, IDtmfDecoderUnderTest peer, string path)
    {
        double[] x = SnrStepsDb.Select(d => (double)d).ToArray();
        double[] oursErrors = SnrStepsDb.Select(d => (double)suite.NoiseErrors(ours, d).Errors).ToArray();
        double[] peerErrors = SnrStepsDb.Select(d => (double)suite.NoiseErrors(peer, d).Errors).ToArray();

        var plot = new ScottPlot.Plot();
        var fxs = plot.Add.Scatter(x, oursErrors);
        fxs.LegendText = "fxs";
        fxs.LineWidth = 2;
        fxs.MarkerSize = 6;
        var spandsp = plot.Add.Scatter(x, peerErrors);
        spandsp.LegendText = "spandsp dtmf_rx";
        spandsp.LineWidth = 2;
        spandsp.MarkerSize = 6;
        var requirement = plot.Add.VerticalLine(0);
        requirement.LineStyle.Pattern = ScottPlot.LinePattern.Dashed;
        requirement.LineStyle.Color = ScottPlot.Colors.Gray;
        requirement.LegendText = "requirement: ≤ 1 error at 0 dB, 0 at 6 dB";
        var clean = plot.Add.VerticalLine(6);
        clean.LineStyle.Pattern = ScottPlot.LinePattern.Dashed;
        clean.LineStyle.Color = ScottPlot.Colors.Gray;
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title("Errors in 1000 random digits (50 ms on/off, -20 dBm0 per tone) against white noise");
        plot.XLabel("SNR: one tone's power over the noise power 0-4 kHz (dB)");
        plot.YLabel("misses + extras + wrong + splits");
        plot.Axes.SetLimits(x[0] - 0.5, x[^1] + 0.5, -20, 1020);
        plot.SavePng(path, 900, 500);
    }
}
