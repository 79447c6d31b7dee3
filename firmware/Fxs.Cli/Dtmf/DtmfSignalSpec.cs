using Fxs.Cli.Audio;

namespace Fxs.Cli.Dtmf;

// Everything `fxs dtmf generate` was asked for, in the units the core generator takes.
internal sealed class DtmfSignalSpec
{
    public required string Digits { get; init; }

    /// <summary>Low-group (row) tone level, tenths of dBm0.</summary>
    public required int LowLevelDeciDbm0 { get; init; }

    /// <summary>High-group (column) tone level, tenths of dBm0.</summary>
    public required int HighLevelDeciDbm0 { get; init; }

    /// <summary>Frequency offsets, hundredths of a percent (150 = +1.5 %).</summary>
    public required int LowOffsetCentiPercent { get; init; }

    public required int HighOffsetCentiPercent { get; init; }

    public required int ToneMs { get; init; }

    public required int PauseMs { get; init; }

    /// <summary>Silence before the first digit and after the last.</summary>
    public required int LeadMs { get; init; }

    /// <summary>Weaker tone's power over white-noise power (0-4 kHz), dB; null for no noise.</summary>
    public double? SnrDb { get; init; }

    public required int Seed { get; init; }

    public required LineEncoding Encoding { get; init; }
}
