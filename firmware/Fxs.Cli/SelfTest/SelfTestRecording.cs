using System.IO;
using System.Reflection;

namespace Fxs.Cli.SelfTest;

// The built-in recording (selftest-dtmf.wav, embedded; README.md beside it says how it was made):
// what a phone keys into the line, with the impairments a real line adds, so the check exercises
// the receiver rather than a textbook signal.
internal static class SelfTestRecording
{
    public const string ResourceName = "Fxs.Cli.SelfTest.selftest-dtmf.wav";

    /// <summary>The keys in the recording: the east access number, then * and #.</summary>
    public const string Keys = "0363044747*#";

    /// <summary>How it was generated, for the ok line.</summary>
    public const string Description = "µ-law, -10 dBm0, twist +2 dB, offsets +1.0/-0.8 %, SNR 18 dB";

    public static byte[] Load()
    {
        using Stream stream = typeof(SelfTestRecording).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new FileNotFoundException("resource " + ResourceName + " is not in " + typeof(SelfTestRecording).Assembly.GetName().Name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
