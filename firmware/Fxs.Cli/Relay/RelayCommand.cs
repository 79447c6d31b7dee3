using System.CommandLine;
using System.IO;
using Fxs.Config;
using Fxs.Relay;

namespace Fxs.Cli.Relay;

// `fxs relay …`: provisioning and inspection of the gateway's relay (issue #15 item 3). Both editions:
// these are for the gateway itself, next to `fxs run`.
public static class RelayCommand
{
    public static Command Create() =>
        new("relay", "The relay to the carrier backend: take its key's pin, fetch its sealing key, check a configuration against it, list what waits in the outbox.")
        {
            PinCommand.Create(),
            FetchKeyCommand.Create(),
            CheckCommand.Create(),
            OutboxCommand.Create(),
        };

    /// <summary>The relay configuration option every `fxs relay` command takes.</summary>
    internal static Option<FileInfo> RelayFile() => new("--relay")
    {
        HelpName = "FILE",
        Description = "The relay configuration (JSON), as `fxs run --relay` reads it.",
        Required = true,
    };

    /// <summary>
    /// Reads the relay file through its one loader; on a bad file, one line on stderr after the
    /// command's name, and null (the caller exits <see cref="ExitCodes.BadInput"/>).
    /// </summary>
    internal static RelayOptions? Load(string relayPath, string command, TextWriter stderr)
    {
        try { return RelayOptions.Load(relayPath); }
        catch (ConfigFileException e)
        {
            stderr.WriteLine("fxs relay " + command + ": " + e.Message);
            return null;
        }
    }

    /// <summary>One line: newlines folded, at most <paramref name="maxChars"/> characters (a backend's problem details can be long).</summary>
    internal static string OneLine(string text, int maxChars = 300)
    {
        string line = text.Replace("\r", "", System.StringComparison.Ordinal).Replace('\n', ' ');
        return line.Length <= maxChars ? line : line.Substring(0, maxChars) + "…";
    }

    /// <summary>A duration for people: "45 s", "3 min 12 s", "2 h 05 min", "1 d 03 h".</summary>
    internal static string Duration(System.TimeSpan t)
    {
        if (t < System.TimeSpan.Zero) { t = System.TimeSpan.Zero; }
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (t.TotalMinutes < 1) { return ((int)t.TotalSeconds).ToString(c) + " s"; }
        if (t.TotalHours < 1) { return ((int)t.TotalMinutes).ToString(c) + " min " + t.Seconds.ToString("00", c) + " s"; }
        if (t.TotalDays < 1) { return ((int)t.TotalHours).ToString(c) + " h " + t.Minutes.ToString("00", c) + " min"; }
        return ((int)t.TotalDays).ToString(c) + " d " + t.Hours.ToString("00", c) + " h";
    }
}
