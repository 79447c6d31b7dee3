using System;
using System.CommandLine;
using System.IO;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;
using Fxs.Host.Config;
using Fxs.Core.Line;

namespace Fxs.Cli.Call;

// The sim line's options shared by `fxs call` and `fxs phone`: the line's numbers (as in `fxs demo`),
// the guidance directory and the noise seed.
internal sealed class SimLineOptions
{
    public const string DefaultContract = "0300001111";
    public const string DefaultAdditional = "0300002222,0300003333";

    public Option<string> Contract { get; } = new("--contract")
    {
        HelpName = "NUMBER",
        Description = "The line's contract number (TP-1), from the area code.",
        DefaultValueFactory = _ => DefaultContract,
    };

    public Option<string> Additional { get; } = new("--additional")
    {
        HelpName = "N1,N2",
        Description = "The line's additional numbers, comma-separated (\"\" for none).",
        DefaultValueFactory = _ => DefaultAdditional,
    };

    public Option<string?> Notify { get; } = new("--notify")
    {
        HelpName = "NUMBER",
        Description = "The port's notify number (TP-2): the contract number (default) or an additional number.",
    };

    public Option<string> Area { get; } = new("--area")
    {
        HelpName = "east|west",
        Description = "Service area of the gateway (TP-4).",
        DefaultValueFactory = _ => "east",
    };

    public Option<DirectoryInfo?> Prompts { get; } = CommonOptions.Prompts();

    public Option<int> Seed { get; } = new("--seed")
    {
        HelpName = "N",
        Description = "Seed of the line noise (the same seed and script give the same call).",
        DefaultValueFactory = _ => 1,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Contract);
        command.Options.Add(Additional);
        command.Options.Add(Notify);
        command.Options.Add(Area);
        command.Options.Add(Prompts);
        command.Options.Add(Seed);
    }

    /// <summary>The line's options and the guidance, without the noise seed (for a command that runs no sim board).</summary>
    public void AddLineTo(Command command)
    {
        command.Options.Add(Contract);
        command.Options.Add(Additional);
        command.Options.Add(Notify);
        command.Options.Add(Area);
        command.Options.Add(Prompts);
    }

    /// <summary>True when the command line names any of the line's options (not only their defaults).</summary>
    public bool Given(ParseResult parse) =>
        parse.GetResult(Contract) is { Implicit: false } || parse.GetResult(Additional) is { Implicit: false }
        || parse.GetResult(Notify) is { Implicit: false } || parse.GetResult(Area) is { Implicit: false };

    /// <summary>The line configuration asked for, or an error message (usage).</summary>
    public LineConfiguration? Line(ParseResult parse, out string? error) =>
        LineInput.FromOptions(parse.GetValue(Area), parse.GetValue(Contract)!, parse.GetValue(Additional), parse.GetValue(Notify), out error);

    public SimBoardOptions Board(ParseResult parse) => new() { Seed = (ulong)(uint)parse.GetValue(Seed) };

    /// <summary>The guidance, or null with a message (bad input).</summary>
    public PromptDirectory? LoadPrompts(ParseResult parse, out string? error)
    {
        error = null;
        string path = parse.GetValue(Prompts)?.FullName ?? PromptDirectory.DefaultDirectory();
        try
        {
            return new PromptDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PromptAudioException)
        {
            error = "cannot load the guidance from " + path + ": " + e.Message;
            return null;
        }
    }

    public static string Describe(LineConfiguration line)
    {
        string extra = "";
        for (int i = 0; i < line.AdditionalCount; i++) { extra += (i > 0 ? ", " : "") + line.AdditionalNumber(i); }
        return "Line: contract " + line.ContractNumber + (extra.Length > 0 ? ", additional " + extra : ", no additional number")
            + "; notify " + line.NotifyNumber + "; area " + line.Area + ".";
    }
}
