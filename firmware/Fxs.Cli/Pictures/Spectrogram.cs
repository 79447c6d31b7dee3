using System;
using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Pictures;

// A recording's spectrogram with what the receiver decided drawn on it, for a field engineer who
// would rather look than read: the 8 DTMF frequencies as faint guide lines, each decided digit as
// a shaded span from onset to end with its key written above, and each candidate key the receiver
// refused as an orange bar above the tones, labelled with the key and the rule that refused it.
// Host-side, so doubles are fine here; the digits come from the firmware's own receiver, not from
// this picture.
public static class Spectrogram
{
    private const int Rate = 8000;
    private const int WindowSamples = 256;  // 32 ms Hann window: 31 Hz bins, enough to see 697 vs 770 Hz
    private const int HopSamples = 80;      // 10 ms: the codec frame
    private const double FloorDb = -90;     // dB below a full-scale sine, the bottom of the colour scale

    public sealed record Digit(char Key, long OnsetSample, long EndSample);

    /// <summary>A candidate key the receiver refused: Label is e.g. "8 row-off-frequency".</summary>
    public sealed record Refused(string Label, long StartSample, long EndSample);

    private static readonly ScottPlot.Color RefusedColour = ScottPlot.Colors.Orange;
    private const double RefusedBarLowHz = 3250;   // the refusals' strip: above every DTMF tone, under the digits' labels
    private const double RefusedBarHighHz = 3400;
    private static readonly double[] LabelRowsHz = { 3200, 2950, 2700 }; // tops of the refusals' label rows
    private const double LabelCharPixels = 8;      // a 12-point bold character's width, about

    // Magnitude in dB (relative to a full-scale sine) per frame × bin, frames along x.
    public static double[,] Compute(short[] samples, out double secondsPerFrame)
    {
        int frames = Math.Max(1, (samples.Length - WindowSamples) / HopSamples + 1);
        int bins = WindowSamples / 2 + 1;
        var window = new double[WindowSamples];
        double windowSum = 0;
        for (int n = 0; n < WindowSamples; n++)
        {
            window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / (WindowSamples - 1));
            windowSum += window[n];
        }
        // ScottPlot heatmaps draw row 0 at the top: rows are bins from the highest frequency down.
        var db = new double[bins, frames];
        var re = new double[bins];
        var im = new double[bins];
        for (int f = 0; f < frames; f++)
        {
            int start = f * HopSamples;
            Array.Clear(re);
            Array.Clear(im);
            for (int n = 0; n < WindowSamples; n++)
            {
                int at = start + n;
                double x = at < samples.Length ? samples[at] * window[n] : 0;
                if (x == 0) { continue; }
                for (int k = 0; k < bins; k++)
                {
                    double phase = 2 * Math.PI * k * n / WindowSamples;
                    re[k] += x * Math.Cos(phase);
                    im[k] -= x * Math.Sin(phase);
                }
            }
            for (int k = 0; k < bins; k++)
            {
                double amplitude = 2 * Math.Sqrt(re[k] * re[k] + im[k] * im[k]) / windowSum / 32768.0;
                db[bins - 1 - k, f] = Math.Max(FloorDb, 20 * Math.Log10(amplitude + 1e-12));
            }
        }
        secondsPerFrame = (double)HopSamples / Rate;
        return db;
    }

    /// <summary>The extensions <see cref="Save"/> writes (ScottPlot's formats), for messages.</summary>
    public const string Extensions = ".png, .jpg, .jpeg, .bmp or .webp";

    /// <summary>
    /// True when the name's extension is a raster format ScottPlot writes (what <see cref="Save"/> will write).
    /// Not SVG: Skia's SVG canvas drops the dotted guide lines and says so on stderr.
    /// </summary>
    public static bool CanWrite(string path)
    {
        try
        {
            return ScottPlot.ImageFormats.FromFilename(path) != ScottPlot.ImageFormat.Svg;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Draws the picture into <paramref name="path"/>, in the format its extension names (<see cref="CanWrite"/>).</summary>
    public static void Save(string path, string title, short[] samples, IReadOnlyList<Digit> digits, IReadOnlyList<Refused> refused, int width, int height)
    {
        double[,] db = Compute(samples, out double secondsPerFrame);
        int frames = db.GetLength(1);
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(db);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new ScottPlot.CoordinateRect(0, frames * secondsPerFrame, 0, Rate / 2.0);
        plot.Add.ColorBar(heatmap).Label = "dB re full-scale sine";

        foreach (int hz in DtmfDigits.RowHz) { Guide(plot, hz); }
        foreach (int hz in DtmfDigits.ColumnHz) { Guide(plot, hz); }

        foreach (Digit digit in digits)
        {
            double onset = (double)digit.OnsetSample / Rate;
            double end = (double)digit.EndSample / Rate;
            var span = plot.Add.HorizontalSpan(onset, end);
            span.FillStyle.Color = ScottPlot.Colors.White.WithAlpha(0.18);
            span.LineStyle.Color = ScottPlot.Colors.White.WithAlpha(0.8);
            span.LineStyle.Width = 1;
            var label = plot.Add.Text(digit.Key.ToString(), (onset + end) / 2, 3800);
            label.LabelFontColor = ScottPlot.Colors.White;
            label.LabelFontSize = 18;
            label.LabelBold = true;
            label.LabelAlignment = ScottPlot.Alignment.UpperCenter;
        }

        // Refused candidates: an orange bar in a strip above the keys' tones (the spectrogram under it
        // stays readable), labelled underneath in up to three rows, each label only where it has room
        // (speech can give dozens of refusals; the bars still show every one).
        double plotSeconds = frames * secondsPerFrame;
        double secondsPerChar = plotSeconds / Math.Max(1, width - 160) * LabelCharPixels;
        var rowFreeFrom = new double[LabelRowsHz.Length];
        for (int i = 0; i < rowFreeFrom.Length; i++) { rowFreeFrom[i] = double.NegativeInfinity; }
        foreach (Refused r in refused)
        {
            double start = (double)r.StartSample / Rate;
            double end = (double)r.EndSample / Rate;
            var bar = plot.Add.Rectangle(start, end, RefusedBarLowHz, RefusedBarHighHz);
            bar.FillStyle.Color = RefusedColour.WithAlpha(0.85);
            bar.LineStyle.Color = RefusedColour;
            bar.LineStyle.Width = 1;
            double half = r.Label.Length * secondsPerChar / 2;
            double middle = Math.Clamp((start + end) / 2, half, Math.Max(half, plotSeconds - half)); // inside the picture
            for (int row = 0; row < LabelRowsHz.Length; row++)
            {
                if (middle - half <= rowFreeFrom[row]) { continue; }
                rowFreeFrom[row] = middle + half;
                var label = plot.Add.Text(r.Label, middle, LabelRowsHz[row]);
                label.LabelFontColor = RefusedColour;
                label.LabelBackgroundColor = ScottPlot.Colors.Black.WithAlpha(0.6);
                label.LabelFontSize = 12;
                label.LabelBold = true;
                label.LabelAlignment = ScottPlot.Alignment.UpperCenter;
                break;
            }
        }

        plot.Title(title);
        plot.XLabel("time (s)");
        plot.YLabel("frequency (Hz)");
        plot.Axes.SetLimits(0, frames * secondsPerFrame, 0, Rate / 2.0);
        plot.Save(path, width, height, ScottPlot.ImageFormats.FromFilename(path));
    }

    private static void Guide(ScottPlot.Plot plot, int hz)
    {
        var line = plot.Add.HorizontalLine(hz);
        line.LineStyle.Color = ScottPlot.Colors.White.WithAlpha(0.25);
        line.LineStyle.Width = 1;
        line.LineStyle.Pattern = ScottPlot.LinePattern.Dotted;
    }
}
