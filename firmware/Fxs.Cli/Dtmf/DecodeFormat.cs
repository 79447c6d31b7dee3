using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

// The text `fxs dtmf decode` prints: digit lines, trace lines (--trace) and JSON Lines (--json).
// Times are milliseconds from the start of the file (sample / 8 at 8 kHz), rounded down.
internal static class DecodeFormat
{
    /// <summary>What starts every trace line: a digit line never does, so `grep -v '^#'` leaves the digits.</summary>
    public const string TracePrefix = "#";

    /// <summary>The trace's column header (printed once, before the first line).</summary>
    public const string TraceHeader = "# window_ms key row_dBm0 column_dBm0 twist_dB row_error_% column_error_% rule";

    private const int SamplesPerMs = 8;

    public static void AppendDigit(StringBuilder sb, char digit, long onsetSample)
    {
        sb.Append((onsetSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(digit).Append('\n');
    }

    /// <summary>"# 1234 5 -20.1 -19.8 +0.3 +1.02 -0.97 hit": the window's first sample, in ms; "-" for an error not measured.</summary>
    public static void AppendTrace(StringBuilder sb, in TracedWindow w)
    {
        sb.Append(TracePrefix).Append(' ')
            .Append((w.StartSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(w.Digit).Append(' ')
            .Append(Fixed(w.RowLevelCentiDbm0 / 100.0, "F1")).Append(' ')
            .Append(Fixed(w.ColumnLevelCentiDbm0 / 100.0, "F1")).Append(' ')
            .Append(Signed(w.TwistCentiDb / 100.0, "F1")).Append(' ')
            .Append(Offset(w.RowOffsetCentiPercent)).Append(' ')
            .Append(Offset(w.ColumnOffsetCentiPercent)).Append(' ')
            .Append(DtmfRuleNames.Of(w.Rule)).Append('\n');
    }

    /// <summary>
    /// One JSON object (one line) for a digit, from the hit windows that overlap it: levels and twist
    /// are the mean over those windows, each frequency error the mean of the windows that measured it
    /// (one window's estimate wavers by about ±0.5 %, the mean over a key is good to about 0.1 %).
    /// <paramref name="shown"/> is what is printed for the digit ('x' when --ivr-mask hides it).
    /// </summary>
    public static void AppendJson(StringBuilder sb, char digit, char shown, long onsetSample, long endSample, List<TracedWindow> hits)
    {
        long row = 0, column = 0, rowOffset = 0, columnOffset = 0;
        int n = 0, rowOffsets = 0, columnOffsets = 0;
        foreach (TracedWindow w in hits)
        {
            if (w.Digit != digit || w.Rule != DtmfRule.Hit || !w.Overlaps(onsetSample, endSample)) { continue; }
            n++;
            row += w.RowLevelCentiDbm0;
            column += w.ColumnLevelCentiDbm0;
            if (w.RowOffsetCentiPercent != DtmfWindowTrace.NotMeasured) { rowOffset += w.RowOffsetCentiPercent; rowOffsets++; }
            if (w.ColumnOffsetCentiPercent != DtmfWindowTrace.NotMeasured) { columnOffset += w.ColumnOffsetCentiPercent; columnOffsets++; }
        }
        sb.Append("{\"onset_ms\":").Append((onsetSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"end_ms\":").Append((endSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"duration_ms\":").Append(((endSample - onsetSample) / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"digit\":\"").Append(shown).Append('"')
            .Append(",\"row_level_dbm0\":").Append(n == 0 ? "null" : Fixed(row / 100.0 / n, "F1"))
            .Append(",\"column_level_dbm0\":").Append(n == 0 ? "null" : Fixed(column / 100.0 / n, "F1"))
            .Append(",\"twist_db\":").Append(n == 0 ? "null" : Fixed((column - row) / 100.0 / n, "F1"))
            .Append(",\"row_freq_error_pct\":").Append(rowOffsets == 0 ? "null" : Fixed(rowOffset / 100.0 / rowOffsets, "F2"))
            .Append(",\"column_freq_error_pct\":").Append(columnOffsets == 0 ? "null" : Fixed(columnOffset / 100.0 / columnOffsets, "F2"))
            .Append(",\"hit_windows\":").Append(n.ToString(CultureInfo.InvariantCulture))
            .Append("}\n");
    }

    private static string Offset(int centiPercent) =>
        centiPercent == DtmfWindowTrace.NotMeasured ? "-" : Signed(centiPercent / 100.0, "F2");

    private static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Signed(double value, string format) => (value >= 0 ? "+" : "") + Fixed(value, format);
}
