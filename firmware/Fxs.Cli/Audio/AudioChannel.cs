namespace Fxs.Cli.Audio;

// Which channel of a stereo WAV is the line audio (issue #16 item 2). Every fxs call recording
// (CallRecorder) is left: what the port heard (the caller's side), right: what it played (the
// guidance), so mixing the two hides the keys under the guidance: fxs never picks one by itself.
public enum AudioChannel
{
    /// <summary>The file must be mono (no --channel given).</summary>
    Mono,
    Left,
    Right,
    /// <summary>The mean of left and right.</summary>
    Mix,
}

internal static class AudioChannels
{
    /// <summary>The words `--channel` takes, as help lists them.</summary>
    public const string Choices = "left|right|mix";

    /// <summary>The advice a stereo file without --channel gets (one clause of a one-line refusal).</summary>
    public const string Advice = "say which channel with --channel " + Choices
        + " (an fxs call recording: left is what the port heard, the caller's keys; right what it played)";

    /// <summary>--channel's word as the enum; null (no option) is Mono.</summary>
    public static AudioChannel Parse(string? word) => word switch
    {
        "left" => AudioChannel.Left,
        "right" => AudioChannel.Right,
        "mix" => AudioChannel.Mix,
        _ => AudioChannel.Mono,
    };
}
