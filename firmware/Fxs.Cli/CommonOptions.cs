using System.CommandLine;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Host.Config;

namespace Fxs.Cli;

// Options that several commands take, declared once so their names and help read the same everywhere.
internal static class CommonOptions
{
    public const string PromptsHelp = "Guidance audio (8 kHz µ-law WAVs named as in prompts/ja/); default: the copy beside fxs.";

    /// <summary>`--prompts DIR`: the guidance audio directory (default: prompts/ja beside fxs).</summary>
    public static Option<DirectoryInfo?> Prompts(string description = PromptsHelp) =>
        new("--prompts") { HelpName = "DIR", Description = description };

    /// <summary>`--line FILE`: the line configuration (Config.LineFile reads it; docs/configuration.md).</summary>
    public static Option<FileInfo?> LineFile(bool required = false) => new("--line")
    {
        HelpName = "FILE",
        Description = "The line configuration (JSON): {\"area\",\"contract\",\"additional\",\"notifyNumber\"}, or a provisioning document with one line.",
        Required = required,
    };

    /// <summary>`--channel left|right|mix`: the channel of a stereo WAV to read (a stereo file without it is refused).</summary>
    public static Option<string?> Channel()
    {
        var channel = new Option<string?>("--channel")
        {
            HelpName = AudioChannels.Choices,
            Description = "The channel of a stereo WAV to read (a stereo file without it is refused): left for an fxs call recording "
                + "(what the port heard: the caller's keys), right for what the port played, mix for the mean. A mono file is read as it is.",
        };
        channel.AcceptOnlyFromAmong("left", "right", "mix");
        return channel;
    }
}
