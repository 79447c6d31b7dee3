using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using Fxs.Boards;
using Fxs.Cli.Call;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Relay;

namespace Fxs.Cli.Run;

// `fxs run`: the gateway daemon. Reads and checks every file first (a bad board, line or relay file is
// one line on stderr and exit 3, before anything opens), then hands over to the generic host
// (GatewayDaemon), which logs to stdout (the journal under systemd) until SIGTERM.
public static class RunCommand
{
    public static Command Create()
    {
        var board = new Option<string>("--board")
        {
            HelpName = "FILE|NAME",
            Description = "The board definition: a file (boards/*.json, or board.json in an artefact) or a board name found in boards/.",
            Required = true,
        };
        Option<FileInfo?> line = CommonOptions.LineFile(required: true);
        var relay = new Option<FileInfo?>("--relay")
        {
            HelpName = "FILE",
            Description = "The relay configuration (JSON: deviceId, backendUrl, backendSpkiSha256, carrierSealingKey, clientCertificatePath, outboxPath). "
                + "Required on Linux boards; without it the sim board counts set passwords and delivers none.",
        };
        var phone = new Option<FileInfo?>("--phone-script")
        {
            HelpName = "FILE",
            Description = "The model phone's actions, in `fxs call --script` form (sim board, or a Linux board with --simulated-hardware).",
        };
        var simulated = new Option<bool>("--simulated-hardware")
        {
            Description = "Run a Linux board's HAL on simulated GPIO and PCM parts with the model phone on the line (benches; no hardware is touched).",
        };
        var pace = new Option<string>("--pace")
        {
            HelpName = "realtime|max",
            Description = "Sim board: a frame every 10 ms (realtime, default) or as fast as they run (max).",
            DefaultValueFactory = _ => "realtime",
        };
        pace.AcceptOnlyFromAmong("realtime", "max");
        var exitAfterScript = new Option<bool>("--exit-after-script") { Description = "Stop once the phone's script is done and the line is idle." };
        var logFormat = new Option<string>("--log-format")
        {
            HelpName = "auto|text|json|systemd",
            Description = "Log lines on stdout: auto (systemd's format under systemd, else text), text, json (one object a line), systemd.",
            DefaultValueFactory = _ => "auto",
        };
        logFormat.AcceptOnlyFromAmong("auto", "text", "json", "systemd");
        var verbose = new Option<bool>("--verbose") { Description = "Also log each key heard (password keys as x)." };
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts();

        var command = new Command("run",
            "Run the gateway daemon: the temporary-password IVR on the board's analog port, relaying set passwords to the carrier backend; "
            + "logs to stdout (systemd: Type=notify, journal format), stops cleanly on SIGTERM. Bad board, line or relay file: exit " + ExitCodes.BadInput + "; "
            + "a board part that cannot be opened: exit " + ExitCodes.HardwareUnavailable + ". "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.InternalError, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.HardwareUnavailable))
        {
            board, line, relay, phone, simulated, pace, exitAfterScript, logFormat, verbose, prompts,
        };
        command.SetAction(parse =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            var request = new Request(parse.GetValue(board)!, parse.GetValue(line)!.ToString(), parse.GetValue(relay)?.ToString(),
                parse.GetValue(phone)?.ToString(), parse.GetValue(simulated), parse.GetValue(pace) == "realtime", parse.GetValue(exitAfterScript),
                Enum.Parse<LogFormat>(parse.GetValue(logFormat)!, ignoreCase: true), parse.GetValue(verbose), parse.GetValue(prompts)?.FullName);
            int code = Check(request, stderr, out DaemonInputs? inputs);
            return inputs == null ? code : GatewayDaemon.Run(inputs, CancellationToken.None, stderr);
        });
        return command;
    }

    internal sealed record Request(string Board, string Line, string? Relay, string? PhoneScript, bool SimulatedHardware, bool RealTime,
        bool ExitAfterScript, LogFormat LogFormat, bool Verbose, string? Prompts);

    /// <summary>Reads and checks every input; on a problem writes one line to <paramref name="stderr"/> and returns its exit code.</summary>
    internal static int Check(Request r, TextWriter stderr, out DaemonInputs? inputs)
    {
        inputs = null;
        BoardDefinition board;
        try
        {
            board = BoardFile.Load(BoardFile.Resolve(r.Board, BoardsDirectory()));
        }
        catch (BoardFileException e)
        {
            return Fail(stderr, ExitCodes.BadInput, e.Message);
        }

        bool sim = board.Kind == BoardKind.Sim;
        if (board.Kind == BoardKind.NanoFramework)
        {
            return Fail(stderr, ExitCodes.Usage, board.Name + " is a nanoFramework board, built as a compile check only; `fxs run` runs the sim and Linux boards");
        }
        if (r.SimulatedHardware && board.Kind == BoardKind.External) { return Fail(stderr, ExitCodes.Usage, "--simulated-hardware is for linux-gpio boards; an external board's hardware is its vendor daemon"); }
        if (r.SimulatedHardware && sim) { return Fail(stderr, ExitCodes.Usage, "--simulated-hardware is for Linux boards; the sim board is simulated already"); }
        if (r.PhoneScript != null && !sim && !r.SimulatedHardware) { return Fail(stderr, ExitCodes.Usage, "--phone-script needs the sim board or --simulated-hardware"); }
        if (r.ExitAfterScript && r.PhoneScript == null) { return Fail(stderr, ExitCodes.Usage, "--exit-after-script needs --phone-script"); }
        if (!r.RealTime && !sim) { return Fail(stderr, ExitCodes.Usage, "--pace max is for the sim board (a Linux board runs at its codec's pace)"); }
        if (r.Relay == null && !sim)
        {
            return Fail(stderr, ExitCodes.Usage, "board " + board.Name + " needs --relay FILE: a password set on a gateway must be delivered to the carrier");
        }

        LineConfiguration line;
        try
        {
            line = Config.LineFile.Load(r.Line);
        }
        catch (Fxs.Config.ConfigFileException e)
        {
            return Fail(stderr, ExitCodes.BadInput, e.Message);
        }

        RelayOptions? relay = null;
        if (r.Relay != null)
        {
            try
            {
                relay = RelayOptions.Load(r.Relay);
            }
            catch (Fxs.Config.ConfigFileException e)
            {
                return Fail(stderr, ExitCodes.BadInput, e.Message);
            }
        }

        IReadOnlyList<CallStep> script = [];
        if (r.PhoneScript != null)
        {
            try
            {
                using TextReader reader = new StreamReader(r.PhoneScript);
                script = CallScript.Parse(reader);
            }
            catch (CallScriptException e)
            {
                return Fail(stderr, ExitCodes.BadInput, r.PhoneScript + ":" + e.LineNumber + ": " + e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, ExitCodes.BadInput, "cannot read the phone script " + r.PhoneScript + ": " + e.Message);
            }
        }

        SimPromptSource prompts;
        string promptDir = r.Prompts ?? SimPromptSource.DefaultDirectory();
        try
        {
            prompts = new SimPromptSource(promptDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            return Fail(stderr, ExitCodes.BadInput, "guidance audio in " + promptDir + ": " + e.Message);
        }

        inputs = new DaemonInputs
        {
            Board = board, Line = line, Prompts = prompts, Relay = relay, PhoneScript = script, SimulatedHardware = r.SimulatedHardware,
            RealTime = r.RealTime, ExitAfterScript = r.ExitAfterScript, LogFormat = r.LogFormat, Verbose = r.Verbose,
        };
        return ExitCodes.Ok;
    }

    // Board names resolve in the boards/ folder beside fxs (the build copies the repository's boards/
    // there; an artefact carries its own board.json, passed as a file).
    internal static string BoardsDirectory() => Path.Combine(AppContext.BaseDirectory, "boards");

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("fxs run: " + message);
        return code;
    }
}
