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
    /// One JSON object (one line) for a digit, with its <see cref="DigitMeans"/>.
    /// <paramref name="shown"/> is what is printed for the digit ('x' when --ivr-mask hides it).
    /// </summary>
    public static void AppendJson(StringBuilder sb, char digit, char shown, long onsetSample, long endSample, List<TracedWindow> hits)
    {
        DigitMeans m = DigitMeans.Of(digit, onsetSample, endSample, hits);
        sb.Append("{\"onset_ms\":").Append((onsetSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"end_ms\":").Append((endSample / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"duration_ms\":").Append(((endSample - onsetSample) / SamplesPerMs).ToString(CultureInfo.InvariantCulture))
            .Append(",\"digit\":\"").Append(shown).Append('"')
            .Append(",\"row_level_dbm0\":").Append(Json(m.RowDbm0, "F1"))
            .Append(",\"column_level_dbm0\":").Append(Json(m.ColumnDbm0, "F1"))
            .Append(",\"twist_db\":").Append(Json(m.TwistDb, "F1"))
            .Append(",\"row_freq_error_pct\":").Append(Json(m.RowErrorPct, "F2"))
            .Append(",\"column_freq_error_pct\":").Append(Json(m.ColumnErrorPct, "F2"))
            .Append(",\"hit_windows\":").Append(m.HitWindows.ToString(CultureInfo.InvariantCulture))
            .Append("}\n");
    }

    private static string Json(double? value, string format) => value is double v ? Fixed(v, format) : "null";

    private static string Offset(int centiPercent) =>
        centiPercent == DtmfWindowTrace.NotMeasured ? "-" : Signed(centiPercent / 100.0, "F2");

    private static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Signed(double value, string format) => (value >= 0 ? "+" : "") + Fixed(value, format);
}
