namespace Fxs.Cli.Audio;

// The three encodings of 8 kHz mono line audio that the port carries or that tools produce from it.
public enum LineEncoding
{
    Pcm16,
    MuLaw,
    ALaw,
}
