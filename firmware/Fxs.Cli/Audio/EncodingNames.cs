namespace Fxs.Cli.Audio;

// The words for a line encoding on the command line (issue #16 item 2): board files say mu-law and a-law,
// tools say mulaw, ulaw (sox: u-law) or alaw; fxs takes them all alike wherever an encoding is named.
internal static class EncodingNames
{
    public static readonly string[] All = { "pcm", "mu-law", "mulaw", "ulaw", "u-law", "a-law", "alaw" };

    /// <summary>The encoding a word names (one of All; anything else is PCM, which the option's choices prevent).</summary>
    public static LineEncoding Parse(string word) => word switch
    {
        "mu-law" or "mulaw" or "ulaw" or "u-law" => LineEncoding.MuLaw,
        "a-law" or "alaw" => LineEncoding.ALaw,
        _ => LineEncoding.Pcm16,
    };
}
