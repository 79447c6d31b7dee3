using System.CommandLine;
using System.IO;

namespace Fxs.Cli.Run;

/// <summary>`fxs run --record-dir DIR`: where and how much the daemon captures (<see cref="CallCapture"/>).</summary>
internal sealed record CaptureSettings(string Dir, long MaxBytes, bool KeepSecrets)
{
    /// <summary>--record-max-mb's default, MB (10^6 bytes): about fifteen two-minute calls (a call is 32 kB a second).</summary>
    public const int DefaultMaxMb = 64;

    /// <summary>The longest call one capture keeps, s: beyond it the call's start is kept and the rest is not recorded.</summary>
    public const int MaxCallSeconds = 600;

    public static Option<DirectoryInfo?> DirOption() => new("--record-dir")
    {
        HelpName = "DIR",
        Description = "Capture every call in DIR, one folder per call: a stereo WAV (left heard, right played), the hook timeline (fxs replay --hook), "
            + "the line, the gateway's events; `fxs replay FOLDER` replays it as the gateway ran it. Password keys are replaced by silence "
            + "except on the sim board or with --record-secrets. Written when the call ends, off the line's thread.",
    };

    public static Option<int> MaxMbOption() => new("--record-max-mb")
    {
        HelpName = "MB",
        Description = "Most the captures in --record-dir may take, MB; the oldest calls are deleted first to make room (default " + DefaultMaxMb + ").",
        DefaultValueFactory = _ => DefaultMaxMb,
    };

    public static Option<bool> SecretsOption() => new("--record-secrets")
    {
        Description = "Keep the password keys in the captures on a gateway (they are kept on the sim board anyway): "
            + "the captures then hold passwords; for a field engineer's own test line only.",
    };
}
