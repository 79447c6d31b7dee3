using System.Collections.Generic;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

/// <summary>
/// A decided digit's measurements: the means over its hit windows (the windows of that key, rule hit, that
/// overlap it). Levels and twist are the mean over those windows, each frequency error the mean of the windows
/// that measured it (one window's estimate wavers by about ±0.5 %, the mean over a key is good to about 0.1 %).
/// `decode --json` prints them, `spectrogram` writes the levels under each digit.
/// </summary>
internal readonly record struct DigitMeans(int HitWindows, long RowCentiDbm0Sum, long ColumnCentiDbm0Sum,
    long RowOffsetSum, int RowOffsets, long ColumnOffsetSum, int ColumnOffsets)
{
    public static DigitMeans Of(char digit, long onsetSample, long endSample, List<TracedWindow> hits)
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
        return new DigitMeans(n, row, column, rowOffset, rowOffsets, columnOffset, columnOffsets);
    }

    /// <summary>Mean row tone level, dBm0 (null without a hit window).</summary>
    public double? RowDbm0 => HitWindows == 0 ? null : RowCentiDbm0Sum / 100.0 / HitWindows;

    /// <summary>Mean column tone level, dBm0 (null without a hit window).</summary>
    public double? ColumnDbm0 => HitWindows == 0 ? null : ColumnCentiDbm0Sum / 100.0 / HitWindows;

    /// <summary>Mean twist (column minus row), dB.</summary>
    public double? TwistDb => HitWindows == 0 ? null : (ColumnCentiDbm0Sum - RowCentiDbm0Sum) / 100.0 / HitWindows;

    /// <summary>Mean row frequency error, %.</summary>
    public double? RowErrorPct => RowOffsets == 0 ? null : RowOffsetSum / 100.0 / RowOffsets;

    /// <summary>Mean column frequency error, %.</summary>
    public double? ColumnErrorPct => ColumnOffsets == 0 ? null : ColumnOffsetSum / 100.0 / ColumnOffsets;
}
