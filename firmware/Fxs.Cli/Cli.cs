using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Text;
#if FXS_BENCH
using Fxs.Cli.Bench;
using Fxs.Cli.Demo;
#endif
using Fxs.Cli.Dtmf;

namespace Fxs.Cli;

// The whole `fxs` command line. Program.cs calls Run with the console; tests call it with StringWriters,
// so nothing here (or in any command) may touch System.Console's writers. Only '-' (stdin) reads the
// console's input: LineAudioReader for a WAV, `phone --keys -`; tests run those as a process.
public static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(args);

        // System.CommandLine reports parse errors with exit code 1; our contract says usage errors are 2,
        // and 1 is kept for internal errors, so parse errors are reported here rather than by its action.
        if (parse.Action is ParseErrorAction)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                // One line per error: some messages list choices on indented lines of their own.
                stderr.WriteLine("fxs: " + error.Message.Replace("\r", "", StringComparison.Ordinal)
                    .Replace(":\n\t", " ", StringComparison.Ordinal).Replace("\n\t", ", ", StringComparison.Ordinal).Replace('\n', ' '));
            }
            stderr.WriteLine("Try '" + CommandPath(parse.CommandResult.Command) + " --help'.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e)
        {
            // Expected failures (bad input, unwritable output) are handled by the commands with their own
            // exit codes; anything reaching here is a bug, so say so and show where.
            stderr.WriteLine("fxs: internal error: " + e);
            return ExitCodes.InternalError;
        }
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("fxs: field tools for the FXS analog phone port (8 kHz G.711 line audio). "
            + ExitCodes.HelpText + " Each command's --help lists the codes it returns.");
        // The bench edition (FxsEdition=bench, the default) adds what needs the bench, the backend or
        // ScottPlot; the device edition is built without those sources, so its --help lists only what it has.
#if FXS_BENCH
        root.Subcommands.Add(DemoCommand.Create());
#endif
        root.Subcommands.Add(DtmfCommand.Create());
#if FXS_BENCH
        root.Subcommands.Add(BenchCommands.Create());
#endif
        root.Subcommands.Add(Replay.ReplayCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Call.CallCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Phone.PhoneCommand.Create());
        root.Subcommands.Add(Fxs.Cli.SelfTest.SelfTestCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Run.RunCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Config.ConfigCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Relay.RelayCommand.Create());
        root.Subcommands.Add(Fxs.Cli.Status.StatusCommand.Create());
        return root;
    }

    private static string CommandPath(Command command)
    {
        var sb = new StringBuilder("fxs");
        var names = new System.Collections.Generic.List<string>();
        for (Command? c = command; c is not null && c is not RootCommand; c = FirstParentCommand(c))
        {
            names.Insert(0, c.Name);
        }
        foreach (string n in names)
        {
            sb.Append(' ').Append(n);
        }
        return sb.ToString();
    }

    private static Command? FirstParentCommand(Command command)
    {
        foreach (Symbol parent in command.Parents)
        {
            if (parent is Command c)
            {
                return c;
            }
        }
        return null;
    }
}
