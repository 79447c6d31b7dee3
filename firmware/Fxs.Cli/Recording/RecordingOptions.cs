using System.CommandLine;

namespace Fxs.Cli.Recording;

// The recording options every recording command declares the same way (CallRecorder writes what they ask for).
internal static class RecordingOptions
{
    /// <summary>`--record-secrets`: keep the password keys in the recording (sim board only).</summary>
    public static Option<bool> RecordSecrets() => new("--record-secrets")
    {
        Description = "Keep the password keys in the recording (sim board only). By default they are replaced by silence "
            + "(the heard channel from the password step to on-hook) and the WAV's INFO comment says so.",
    };
}
