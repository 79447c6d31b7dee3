using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Cli.Call;

using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Spectre.Console;

namespace Fxs.Cli.Phone;

// `fxs phone`: a terminal phone on the sim line, for the bench. Keys 0-9 * # (and A-D) send DTMF
// (or dial pulses, 0-9, after `p`), `o` lifts the handset, `h` hangs up, `f` flashes the hook,
// `p` steps the dial through DTMF, pulses at 10 pps and pulses at 20 pps, `q` quits. The screen is
// the call's transcript (as `fxs demo` prints it) under a status area in plain words (PhoneStatus):
// the hook, the dial, the port's step with the keys taken so far (password keys as • unless
// --reveal-digits, sim board only) and its wrong entries, and what the port plays with the guidance's
// seconds left. On a terminal the status area is a fixed panel (LivePhoneScreen); otherwise a line at
// each change (PlainPhoneScreen).
//
// Interactive (a terminal, no --keys): keys are read as typed and the sim runs in real time, one
// 10 ms frame per 10 ms of wall clock. With --keys FILE ('-': stdin) keys come from lines
// `<ms> <keys>` (line time of the first key, then the keys in turn; `#` lines are comments), the
// sim runs as fast as it can (--realtime paces it), and the phone quits --tail ms after the last.
public static class PhoneCommand
{
    /// <summary>The keys, as the screen lists them.</summary>
    internal const string KeysHelp = "o off hook, 0-9 * # A-D dial, f hook flash, p dial: DTMF / pulses 10 pps / pulses 20 pps, h on hook, q quit";

    /// <summary>The phone's line is the sim board's; no other board has a model phone.</summary>
    private const string SimBoardName = Replay.ReplayCommand.SimBoard;

    public static Command Create() => Create(TerminalConsole);

    /// <summary>The command, drawing its live screen on <paramref name="terminal"/>'s console for stdout (null: not a terminal, plain lines).</summary>
    internal static Command Create(Func<TextWriter, IAnsiConsole?> terminal)
    {
        var keys = new Option<string?>("--keys")
        {
            HelpName = "FILE",
            Description = "Non-interactive: read timed keys from FILE ('-' for stdin), one '<ms> <keys>' a line, keys among 0-9 * # A-D o h f p q.",
        };
        var realtime = new Option<bool>("--realtime")
        {
            Description = "Pace the sim by the wall clock (10 ms frames every 10 ms); the default when interactive.",
        };
        var tail = new Option<int>("--tail")
        {
            HelpName = "MS",
            Description = "With --keys: line time to run after the last key before quitting.",
            DefaultValueFactory = _ => 2000,
        };
        var reveal = new Option<bool>("--reveal-digits")
        {
            Description = "Show the password keys in the status area and the phone's lines instead of • and x (sim board only).",
        };
        var board = new Option<string>("--board")
        {
            HelpName = "BOARD",
            Description = "The board the phone's line runs on (only sim, a bench board).",
            DefaultValueFactory = _ => SimBoardName,
        };
        var line = new SimLineOptions();
        var command = new Command("phone",
            "A terminal phone on the sim line: 0-9 * # send DTMF, o off hook, h on hook, f hook flash, p dial (DTMF, pulses 10 pps, pulses 20 pps), q quit; "
            + "a status area shows the step, the keys taken in it (password keys as •), its wrong entries and the guidance's seconds left, "
            + "above the call's transcript (on a terminal a fixed panel, otherwise a line at each change). " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            keys, realtime, tail, reveal, board,
        };
        line.AddTo(command);
        command.SetAction(parse => Run(parse, line, new Request(parse.GetValue(keys), parse.GetValue(realtime), parse.GetValue(tail), parse.GetValue(reveal), parse.GetValue(board)!),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, terminal));
        return command;
    }

    private sealed record Request(string? KeysPath, bool Realtime, int TailMs, bool Reveal, string Board);

    // The live screen only on a real terminal: stdout is the console's own writer (Program.cs passes it),
    // not redirected, and the terminal takes ANSI cursor moves. Spectre writes through that same writer.
    private static IAnsiConsole? TerminalConsole(TextWriter stdout)
    {
        if (Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out)) { return null; }
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        return console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive ? console : null;
    }

    private static int Run(ParseResult parse, SimLineOptions options, Request r, TextWriter stdout, TextWriter stderr,
        Func<TextWriter, IAnsiConsole?> terminal)
    {
        // The board first: password keys are never shown off the sim board.
        if (r.Reveal && r.Board != SimBoardName)
        {
            stderr.WriteLine("fxs: phone: --reveal-digits is refused on board '" + r.Board + "' (only on the sim board, a bench board)");
            return ExitCodes.Usage;
        }
        if (r.Board != SimBoardName)
        {
            stderr.WriteLine("fxs: phone: board '" + r.Board + "' has no model phone on its line (only sim)");
            return ExitCodes.Usage;
        }
        if (r.TailMs < 0 || r.TailMs > CallScript.MaxWaitMs)
        {
            stderr.WriteLine("fxs: phone: --tail is 0 to " + CallScript.MaxWaitMs + " ms");
            return ExitCodes.Usage;
        }
        LineConfiguration? lineConfig = options.Line(parse, out string? lineError);
        if (lineConfig == null)
        {
            stderr.WriteLine("fxs: phone: " + lineError);
            return ExitCodes.Usage;
        }

        IKeySource source;
        bool realtime = r.Realtime;
        if (r.KeysPath != null)
        {
            try
            {
                if (r.KeysPath == "-") { source = TimedKeys.Parse(Console.In); }
                else
                {
                    using TextReader reader = new StreamReader(r.KeysPath);
                    source = TimedKeys.Parse(reader);
                }
            }
            catch (CallScriptException e)
            {
                stderr.WriteLine("fxs: phone: " + r.KeysPath + ":" + e.LineNumber + ": " + e.Message);
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (CallRunner.IsFileProblem(e))
            {
                stderr.WriteLine("fxs: phone: cannot read " + r.KeysPath + ": " + e.Message);
                return ExitCodes.BadInput;
            }
        }
        else
        {
            if (Console.IsInputRedirected)
            {
                stderr.WriteLine("fxs: phone: stdin is not a terminal: give the keys with --keys - (lines '<ms> <keys>')");
                return ExitCodes.Usage;
            }
            source = new ConsoleKeys();
            realtime = true;
        }

        PromptDirectory? prompts = options.LoadPrompts(parse, out string? promptError);
        if (prompts == null)
        {
            stderr.WriteLine("fxs: phone: " + promptError);
            return ExitCodes.BadInput;
        }

        IAnsiConsole? console = terminal(stdout);
        IPhoneScreen screen = console != null ? new LivePhoneScreen(console, KeysHelp) : new PlainPhoneScreen(stdout);
        stdout.WriteLine("fxs phone: the sim line (µ-law, 6 dB hybrid echo, -70 dBm0 noise), " + (realtime ? "in real time." : "as fast as it runs.")
            + (r.Reveal ? " Password keys shown (--reveal-digits)." : ""));
        stdout.WriteLine(SimLineOptions.Describe(lineConfig));
        if (source is ConsoleKeys && console == null) { stdout.WriteLine("Keys: " + KeysHelp + "."); }

        var transcript = new Transcript(screen.Log) { RecordGoesTo = "record kept by the sim board (no relay here)" };
        var monitor = new PhoneMonitor(transcript, prompts, r.Reveal);
        var sim = new SimGateway(lineConfig, options.Board(parse), prompts, monitor);
        var phone = new TerminalPhone(sim, transcript, monitor, r.Reveal);
        screen.Run(() => Loop(sim, phone, transcript, screen, source, realtime, r.TailMs));
        transcript.Flush();
        screen.Finish(EventWords.Line(EventWords.Ms(sim.Board.NowSamples), EventWords.Phone,
            "quit: " + transcript.PasswordsSet.ToString(CultureInfo.InvariantCulture) + " password(s) set; " + PhoneWords.Quit(sim.Port.Control.Ivr.LastOutcome) + "."));
        return ExitCodes.Ok;
    }

    // One 10 ms frame a turn: the keys due, the frame, the status.
    private static void Loop(SimGateway sim, TerminalPhone phone, Transcript transcript, IPhoneScreen screen, IKeySource source, bool realtime, int tailMs)
    {
        const int FrameMs = 10;
        const int SleepMaxMs = 50; // keys typed are read at least this often
        long samplesPerMs = TemporaryPasswordIvr.SamplesPerMs;
        screen.Show(phone.Status(), transcript.Flush);
        var clock = Stopwatch.StartNew();
        long quitAt = long.MaxValue;
        while (sim.Board.NowSamples < quitAt)
        {
            long nowMs = sim.Board.NowSamples / samplesPerMs;
            if (realtime)
            {
                long ahead = nowMs - clock.ElapsedMilliseconds;
                if (ahead > 0) { Thread.Sleep((int)Math.Min(ahead, SleepMaxMs)); continue; }
            }
            bool quit = false;
            while (source.TryNext(nowMs, out char key))
            {
                if (key == 'q') { quit = true; break; }
                phone.Press(key);
                nowMs = sim.Board.NowSamples / samplesPerMs;
            }
            if (quit) { break; }
            if (source.Exhausted && quitAt == long.MaxValue) { quitAt = sim.Board.NowSamples + tailMs * samplesPerMs; }
            sim.Phone.Wait(FrameMs);
            screen.Show(phone.Status(), transcript.Flush);
        }
    }
}
