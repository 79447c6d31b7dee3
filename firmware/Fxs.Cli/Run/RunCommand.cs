using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using Fxs.Boards;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Fxs.Host.Calls;
using Fxs.Host.Config;
using Fxs.Host.Prompts;
using Fxs.Core.Line;

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
        var exitAfterScript = new Option<bool>("--exit-after-script")
        {
            Description = "Stop once the phone's script is done and the line is idle, and the outbox has drained (--drain-timeout).",
        };
        var drain = new Option<int>("--drain-timeout")
        {
            HelpName = "SECONDS",
            Description = "With --exit-after-script: the longest wait for the relay to deliver what the outbox holds before stopping "
                + "(default " + (int)OutboxDrain.DefaultBound.TotalSeconds + "; 0: none). The wait ends sooner when the relay's next attempt is due only after it. "
                + "Every stop logs the records left pending.",
            DefaultValueFactory = _ => (int)OutboxDrain.DefaultBound.TotalSeconds,
        };
        Option<string> statusSocket = StatusSocketOption("The Unix socket the daemon serves its state on for `fxs status` (mode 0660, removed at stop); \"none\": no socket.");
        drain.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) { r.AddError("--drain-timeout: expected seconds, 0 or more, found " + r.GetValueOrDefault<int>()); }
        });
        var logFormat = new Option<string>("--log-format")
        {
            HelpName = "auto|text|json|systemd",
            Description = "Log lines on stdout: auto (systemd's format under systemd, else text), text, json (one object a line), systemd.",
            DefaultValueFactory = _ => "auto",
        };
        logFormat.AcceptOnlyFromAmong("auto", "text", "json", "systemd");
        var verbose = new Option<bool>("--verbose") { Description = "Also log each key heard (password keys as x)." };
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts();
        Option<DirectoryInfo?> recordDir = CaptureSettings.DirOption();
        Option<int> recordMaxMb = CaptureSettings.MaxMbOption();
        Option<bool> recordSecrets = CaptureSettings.SecretsOption();

        var command = new Command("run",
            "Run the gateway daemon: the temporary-password IVR on the board's analog port, relaying set passwords to the carrier backend; "
            + "logs to stdout (systemd: Type=notify, journal format), stops cleanly on SIGTERM. Bad board, line or relay file: exit " + ExitCodes.BadInput + "; "
            + "a board part that cannot be opened: exit " + ExitCodes.HardwareUnavailable + ". "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.InternalError, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.HardwareUnavailable))
        {
            board, line, relay, phone, simulated, pace, exitAfterScript, drain, statusSocket, logFormat, verbose, prompts, recordDir, recordMaxMb, recordSecrets,
        };
        command.SetAction(parse =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            var request = new Request(parse.GetValue(board)!, parse.GetValue(line)!.ToString(), parse.GetValue(relay)?.ToString(),
                parse.GetValue(phone)?.ToString(), parse.GetValue(simulated), parse.GetValue(pace) == "realtime", parse.GetValue(exitAfterScript),
                Enum.Parse<LogFormat>(parse.GetValue(logFormat)!, ignoreCase: true), parse.GetValue(verbose), parse.GetValue(prompts)?.FullName,
                TimeSpan.FromSeconds(parse.GetValue(drain)), parse.GetValue(statusSocket) is string s && s != "none" ? s : null)
            {
                RecordDir = parse.GetValue(recordDir)?.ToString(), RecordMaxMb = parse.GetValue(recordMaxMb), RecordSecrets = parse.GetValue(recordSecrets),
            };
            int code = Check(request, stderr, out DaemonInputs? inputs);
            return inputs == null ? code : GatewayDaemon.Run(inputs, CancellationToken.None, stderr);
        });
        return command;
    }

    internal sealed record Request(string Board, string Line, string? Relay, string? PhoneScript, bool SimulatedHardware, bool RealTime,
        bool ExitAfterScript, LogFormat LogFormat, bool Verbose, string? Prompts, TimeSpan? DrainTimeout = null,
        string? StatusSocket = null)
    {
        public string? RecordDir { get; init; }

        public int RecordMaxMb { get; init; } = CaptureSettings.DefaultMaxMb;

        public bool RecordSecrets { get; init; }
    }

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

        if ((r.RecordSecrets || r.RecordMaxMb != CaptureSettings.DefaultMaxMb) && r.RecordDir == null)
        {
            return Fail(stderr, ExitCodes.Usage, "--record-secrets and --record-max-mb are about captures: they need --record-dir DIR");
        }
        if (r.RecordMaxMb < 1) { return Fail(stderr, ExitCodes.Usage, "--record-max-mb " + r.RecordMaxMb + " is not a size in MB (1 or more)"); }
        CaptureSettings? capture = null;
        if (r.RecordDir != null)
        {
            try
            {
                Directory.CreateDirectory(r.RecordDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, ExitCodes.BadInput, "--record-dir " + r.RecordDir + ": cannot create it (" + e.Message + ")");
            }
            // The sim board is a bench: its calls are the engineer's own, so its captures keep the keys.
            capture = new CaptureSettings(Path.GetFullPath(r.RecordDir), r.RecordMaxMb * 1_000_000L, r.RecordSecrets || sim);
        }

        LineConfiguration line;
        try
        {
            line = LineFile.Load(r.Line);
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

        PromptDirectory prompts;
        string promptDir = r.Prompts ?? PromptDirectory.DefaultDirectory();
        try
        {
            prompts = new PromptDirectory(promptDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            return Fail(stderr, ExitCodes.BadInput, "guidance audio in " + promptDir + ": " + e.Message);
        }

        inputs = new DaemonInputs
        {
            Board = board, Line = line, Prompts = prompts, Relay = relay, PhoneScript = script, SimulatedHardware = r.SimulatedHardware,
            RealTime = r.RealTime, ExitAfterScript = r.ExitAfterScript, LogFormat = r.LogFormat, Verbose = r.Verbose, Capture = capture,
            DrainTimeout = r.DrainTimeout ?? OutboxDrain.DefaultBound,
            StatusSocket = r.StatusSocket,
        };
        return ExitCodes.Ok;
    }

    /// <summary>`--status-socket PATH`, as `fxs run` serves it and `fxs status` reads it.</summary>
    internal static Option<string> StatusSocketOption(string description) => new("--status-socket")
    {
        HelpName = "PATH",
        Description = description + " Default " + StatusServer.DefaultPath + ".",
        DefaultValueFactory = _ => StatusServer.DefaultPath,
    };

    // Board names resolve in the boards/ folder beside fxs (the build copies the repository's boards/
    // there; an artefact carries its own board.json, passed as a file).
    internal static string BoardsDirectory() => Path.Combine(AppContext.BaseDirectory, "boards");

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("fxs run: " + message);
        return code;
    }
}
