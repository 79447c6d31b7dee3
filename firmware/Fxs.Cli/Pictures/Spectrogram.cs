using System;
using System.Collections.Generic;
using System.Globalization;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Cli.Pictures;

// A recording's spectrogram with what the receiver decided drawn on it, for a field engineer who
// would rather look than read: the 8 DTMF frequencies as faint guide lines, each decided digit as
// a shaded span from onset to end with its key written above, and each candidate key the receiver
// refused as an orange bar above the tones, labelled with the key and the rule that refused it.
// Host-side, so doubles are fine here; the digits come from the firmware's own receiver, not from
// this picture.
public static class Spectrogram
{
    private const int Rate = LineTime.SampleRateHz;
    private const int WindowSamples = 256;  // 32 ms Hann window: 31 Hz bins, enough to see 697 vs 770 Hz
    private const int HopSamples = 80;      // 10 ms: the codec frame
    // The colour scale, dBm0 of a sine (the core's ToneLevel: G.711's 0 dBm0): fixed, so that one colour is one level
    // in every picture; from below any line's noise up to the µ-law overload point (+3.17 dBm0).
    public const double FloorDbm0 = -90;
    public const double TopDbm0 = 3;
    private static readonly double ZeroDbm0Amplitude = ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0; // 16-bit units

    /// <summary>A decided digit and its tones' mean levels, dBm0 (null when not measured).</summary>
    public sealed record Digit(char Key, long OnsetSample, long EndSample, double? RowDbm0 = null, double? ColumnDbm0 = null);

    /// <summary>The colour of <paramref name="dbm0"/> on the picture's scale (tests read levels back with it).</summary>
    public static ScottPlot.Color ColourOf(double dbm0) =>
        new ScottPlot.Colormaps.Viridis().GetColor(Math.Clamp((dbm0 - FloorDbm0) / (TopDbm0 - FloorDbm0), 0, 1));

    /// <summary>A candidate key the receiver refused: Label is e.g. "8 row-off-frequency".</summary>
    public sealed record Refused(string Label, long StartSample, long EndSample);

    private static readonly ScottPlot.Color RefusedColour = ScottPlot.Colors.Orange;
    private const double RefusedBarLowHz = 3250;   // the refusals' strip: above every DTMF tone, under the digits' labels
    private const double RefusedBarHighHz = 3400;
    private static readonly double[] LabelRowsHz = { 3200, 2950, 2700 }; // tops of the refusals' label rows
    private const double LabelCharPixels = 8;      // a 12-point bold character's width, about

    // Level in dBm0 (a sine's, by its peak amplitude: the core's ToneLevel) per frame × bin, frames along x.
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
                double amplitude = 2 * Math.Sqrt(re[k] * re[k] + im[k] * im[k]) / windowSum / ZeroDbm0Amplitude;
                db[bins - 1 - k, f] = Math.Max(FloorDbm0, 20 * Math.Log10(amplitude + 1e-12));
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

    /// <summary>
    /// Draws the picture into <paramref name="path"/>, in the format its extension names (<see cref="CanWrite"/>).
    /// <paramref name="samples"/> start at <paramref name="firstSample"/> of the file (--from): the time axis is the file's.
    /// </summary>
    public static void Save(string path, string title, string formatLine, short[] samples, long firstSample,
        IReadOnlyList<Digit> digits, IReadOnlyList<Refused> refused, int width, int height)
    {
        double[,] db = Compute(samples, out double secondsPerFrame);
        int frames = db.GetLength(1);
        double from = (double)firstSample / Rate;
        double to = from + frames * secondsPerFrame;
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(db);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(FloorDbm0, TopDbm0);
        heatmap.Extent = new ScottPlot.CoordinateRect(from, to, 0, Rate / 2.0);
        plot.Add.ColorBar(heatmap).Label = "level (dBm0, sine)";

        for (int i = 0; i < DtmfDigits.RowHz.Length; i++) { Guide(plot, DtmfDigits.RowHz[i], "row " + (i + 1) + " " + DtmfDigits.RowHz[i], from); }
        for (int i = 0; i < DtmfDigits.ColumnHz.Length; i++) { Guide(plot, DtmfDigits.ColumnHz[i], "col " + (i + 1) + " " + DtmfDigits.ColumnHz[i], from); }

        foreach (Digit digit in digits)
        {
            double onset = (double)digit.OnsetSample / Rate;
            double end = (double)digit.EndSample / Rate;
            if (end < from || onset > to) { continue; }
            var span = plot.Add.HorizontalSpan(onset, end);
            span.FillStyle.Color = ScottPlot.Colors.White.WithAlpha(0.18);
            span.LineStyle.Color = ScottPlot.Colors.White.WithAlpha(0.8);
            span.LineStyle.Width = 1;
            var label = plot.Add.Text(digit.Key.ToString(), (onset + end) / 2, 3800);
            label.LabelFontColor = ScottPlot.Colors.White;
            label.LabelFontSize = 18;
            label.LabelBold = true;
            label.LabelAlignment = ScottPlot.Alignment.UpperCenter;
            if (digit.RowDbm0 is double row && digit.ColumnDbm0 is double column)
            {
                // The tones' measured levels, row over column (whole dBm0: keys are ~30 px apart at the default width).
                var levels = plot.Add.Text(Whole(row) + "\n" + Whole(column), (onset + end) / 2, 3540);
                levels.LabelFontColor = ScottPlot.Colors.White;
                levels.LabelFontSize = 10;
                levels.LabelAlignment = ScottPlot.Alignment.UpperCenter;
            }
        }

        // Refused candidates: an orange bar in a strip above the keys' tones (the spectrogram under it
        // stays readable), labelled underneath in up to three rows, each label only where it has room
        // (speech can give dozens of refusals; the bars still show every one).
        double plotSeconds = to - from;
        double secondsPerChar = plotSeconds / Math.Max(1, width - 160) * LabelCharPixels;
        var rowFreeFrom = new double[LabelRowsHz.Length];
        for (int i = 0; i < rowFreeFrom.Length; i++) { rowFreeFrom[i] = double.NegativeInfinity; }
        foreach (Refused r in refused)
        {
            double start = (double)r.StartSample / Rate;
            double end = (double)r.EndSample / Rate;
            if (end < from || start > to) { continue; }
            var bar = plot.Add.Rectangle(start, end, RefusedBarLowHz, RefusedBarHighHz);
            bar.FillStyle.Color = RefusedColour.WithAlpha(0.85);
            bar.LineStyle.Color = RefusedColour;
            bar.LineStyle.Width = 1;
            double half = r.Label.Length * secondsPerChar / 2;
            double middle = Math.Clamp((start + end) / 2, from + half, Math.Max(from + half, to - half)); // inside the picture
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

        plot.Title(title + "\n" + formatLine);
        plot.XLabel("time (s)");
        plot.YLabel("frequency (Hz)");
        plot.Axes.SetLimits(from, to, 0, Rate / 2.0);
        plot.Save(path, width, height, ScottPlot.ImageFormats.FromFilename(path));
    }

    private static string Whole(double dbm0) => Math.Round(dbm0).ToString("F0", CultureInfo.InvariantCulture);

    // A DTMF frequency: a faint dotted line, labelled at the picture's left edge ("row 1 697").
    private static void Guide(ScottPlot.Plot plot, int hz, string label, double leftSeconds)
    {
        var line = plot.Add.HorizontalLine(hz);
        line.LineStyle.Color = ScottPlot.Colors.White.WithAlpha(0.25);
        line.LineStyle.Width = 1;
        line.LineStyle.Pattern = ScottPlot.LinePattern.Dotted;
        var text = plot.Add.Text(label, leftSeconds, hz);
        text.LabelFontColor = ScottPlot.Colors.White.WithAlpha(0.8);
        text.LabelFontSize = 9;
        text.LabelAlignment = ScottPlot.Alignment.LowerLeft;
    }
}
