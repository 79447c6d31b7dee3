using Fxs.Core.Dsp;

namespace Fxs.Cli.Dtmf;

/// <summary>
/// A copy of one <see cref="DtmfWindowTrace"/> (the receiver reuses its instance for every window).
/// Levels in centi-dBm0, offsets in centi-percent or <see cref="DtmfWindowTrace.NotMeasured"/>.
/// </summary>
internal readonly record struct TracedWindow(long StartSample, long EndSample, char Digit,
    int RowLevelCentiDbm0, int ColumnLevelCentiDbm0, int RowOffsetCentiPercent, int ColumnOffsetCentiPercent, DtmfRule Rule)
{
    public static TracedWindow Of(DtmfWindowTrace w) => new(w.StartSample, w.EndSample, w.Digit,
        w.RowLevelCentiDbm0, w.ColumnLevelCentiDbm0, w.RowOffsetCentiPercent, w.ColumnOffsetCentiPercent, w.Rule);

    public int TwistCentiDb => ColumnLevelCentiDbm0 - RowLevelCentiDbm0;

    public bool Overlaps(long fromSample, long toSample) => EndSample > fromSample && StartSample < toSample;
}
