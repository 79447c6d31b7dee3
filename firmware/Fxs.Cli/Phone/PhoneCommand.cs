using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Fxs.Cli.Call;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Gateway;

namespace Fxs.Cli.Phone;

// `fxs phone`: a terminal phone on the sim line, for the bench. Keys 0-9 * # (and A-D) send DTMF
// (or dial pulses, 0-9, after `p`), `o` lifts the handset, `h` hangs up, `f` flashes the hook,
// `p` steps the dial through DTMF, pulses at 10 pps and pulses at 20 pps, `q` quits. The screen is
// the call's transcript (as `fxs demo` prints it) plus a status line in plain words (PhoneWords) at
// each change: the hook, the dial, the port's step with its strikes and the keys taken so far, and
// what the port is playing.
//
// Interactive (a terminal, no --keys): keys are read as typed and the sim runs in real time, one
// 10 ms frame per 10 ms of wall clock. With --keys FILE ('-': stdin) keys come from lines
// `<ms> <keys>` (line time of the first key, then the keys in turn; `#` lines are comments), the
// sim runs as fast as it can (--realtime paces it), and the phone quits --tail ms after the last.
public static class PhoneCommand
{
    public static Command Create()
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
        var line = new SimLineOptions();
        var command = new Command("phone",
            "A terminal phone on the sim line: 0-9 * # send DTMF, o off hook, h on hook, f hook flash, p dial (DTMF, pulses 10 pps, pulses 20 pps), q quit; "
            + "shows the call's state and the guidance played (text). " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            keys, realtime, tail,
        };
        line.AddTo(command);
        command.SetAction(parse => Run(parse, line, parse.GetValue(keys), parse.GetValue(realtime), parse.GetValue(tail),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(ParseResult parse, SimLineOptions options, string? keysPath, bool realtime, int tailMs,
        TextWriter stdout, TextWriter stderr)
    {
        if (tailMs < 0 || tailMs > CallScript.MaxWaitMs)
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
        if (keysPath != null)
        {
            try
            {
                if (keysPath == "-") { source = TimedKeys.Parse(Console.In); }
                else
                {
                    using TextReader reader = new StreamReader(keysPath);
                    source = TimedKeys.Parse(reader);
                }
            }
            catch (CallScriptException e)
            {
                stderr.WriteLine("fxs: phone: " + keysPath + ":" + e.LineNumber + ": " + e.Message);
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (CallRunner.IsFileProblem(e))
            {
                stderr.WriteLine("fxs: phone: cannot read " + keysPath + ": " + e.Message);
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

        stdout.WriteLine("fxs phone: the sim line (µ-law, 6 dB hybrid echo, -70 dBm0 noise), " + (realtime ? "in real time." : "as fast as it runs."));
        stdout.WriteLine(SimLineOptions.Describe(lineConfig));
        if (source is ConsoleKeys) { stdout.WriteLine("Keys: o off hook, 0-9 * # A-D dial, f hook flash, p dial: DTMF / pulses 10 pps / pulses 20 pps, h on hook, q quit."); }
        var transcript = new Transcript(stdout) { RecordGoesTo = "record kept by the sim board (no relay here)" };
        var sim = new SimGateway(lineConfig, options.Board(parse), prompts, transcript);
        var phone = new TerminalPhone(sim, transcript, stdout);
        phone.Status();
        var clock = Stopwatch.StartNew();
        long quitAt = long.MaxValue;
        while (sim.Board.NowSamples < quitAt)
        {
            long nowMs = sim.Board.NowSamples / 8;
            if (realtime)
            {
                long ahead = nowMs - clock.ElapsedMilliseconds;
                if (ahead > 0) { Thread.Sleep((int)Math.Min(ahead, 50)); continue; }
            }
            bool quit = false;
            while (source.TryNext(nowMs, out char key))
            {
                if (key == 'q') { quit = true; break; }
                phone.Press(key);
                nowMs = sim.Board.NowSamples / 8;
            }
            if (quit) { break; }
            if (source.Exhausted && quitAt == long.MaxValue) { quitAt = sim.Board.NowSamples + (long)tailMs * 8; }
            sim.Phone.Wait(10);
            phone.Status();
        }
        transcript.Flush();
        stdout.WriteLine(EventWords.Line(EventWords.Ms(sim.Board.NowSamples), EventWords.Phone, "quit: " + transcript.PasswordsSet + " password(s) set; "
            + PhoneWords.LastCall(sim.Port.Control.Ivr.LastOutcome) + "."));
        return ExitCodes.Ok;
    }

    // The phone: turns key presses into hook and audio on the sim line; draws the status line.
    private sealed class TerminalPhone
    {
        private readonly SimGateway _sim;
        private readonly Transcript _log;
        private readonly TextWriter _out;
        private int _pps; // 0: DTMF; else dial pulses at 10 or 20 pulses per second
        private string _lastStatus = "";

        public TerminalPhone(SimGateway sim, Transcript log, TextWriter output)
        {
            _sim = sim;
            _log = log;
            _out = output;
        }

        private long At => Math.Max(_sim.Phone.ScriptEndSample, _sim.Board.NowSamples);

        public void Press(char key)
        {
            SimPhone p = _sim.Phone;
            switch (key)
            {
                case 'o':
                    if (p.IsOffHook) { return; }
                    _log.Phone(At, "lifts the handset");
                    p.OffHook();
                    return;
                case 'h':
                    if (!p.IsOffHook) { return; }
                    _log.Phone(At, "hangs up");
                    p.OnHook();
                    return;
                case 'f':
                    if (!p.IsOffHook) { return; }
                    _log.Phone(At, "flashes the hook (300 ms)");
                    p.Flash(300);
                    return;
                case 'p':
                    _pps = _pps == 0 ? 10 : _pps == 10 ? 20 : 0;
                    _log.Phone(At, _pps == 0 ? "switches to DTMF" : "switches to dial pulses (" + _pps + " pps)");
                    return;
            }
            if (!p.IsOffHook)
            {
                _log.Phone(At, "presses " + key + " on hook: nothing happens");
                return;
            }
            string shown = CallRunner.Shown(_sim.Port.Control, key.ToString(), false);
            if (_pps != 0)
            {
                if (key < '0' || key > '9')
                {
                    _log.Phone(At, "presses " + key + ": a rotary dial has no such key");
                    return;
                }
                _log.Phone(At, "dials " + shown);
                p.DialPulses(key.ToString(), _pps);
            }
            else
            {
                _log.Phone(At, "keys " + shown);
                p.DialDtmf(key.ToString(), toneMs: 80, pauseMs: 80, levelDeciDbm0: -100, twistDeciDb: 20);
            }
        }

        public void Status()
        {
            CallControl c = _sim.Port.Control;
            string dial = _pps == 0 ? "DTMF" : "pulses " + _pps + " pps";
            string status = (_sim.Phone.IsOffHook ? "off hook" : "on hook") + ", " + dial + " | " + PhoneWords.Port(c) + " | " + PhoneWords.Sound(c);
            if (status == _lastStatus) { return; }
            _lastStatus = status;
            _log.Flush();
            _out.WriteLine(EventWords.Line(EventWords.Ms(_sim.Board.NowSamples), "status", "[" + status + "]"));
        }
    }
}

internal interface IKeySource
{
    /// <summary>The next key due at or before <paramref name="nowMs"/> (line time), if any.</summary>
    bool TryNext(long nowMs, out char key);

    /// <summary>No key will come any more.</summary>
    bool Exhausted { get; }
}

// Keys from lines '<ms> <keys>': the keys are pressed in turn from that line time on.
internal sealed class TimedKeys : IKeySource
{
    private readonly Queue<(long Ms, char Key)> _keys = new();

    public static TimedKeys Parse(TextReader reader)
    {
        var t = new TimedKeys();
        long last = 0;
        int n = 0;
        for (string? raw = reader.ReadLine(); raw != null; raw = reader.ReadLine())
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') { continue; }
            string[] w = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length != 2 || !long.TryParse(w[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ms) || ms > 86_400_000)
            {
                throw new CallScriptException(n, "expected '<ms> <keys>', e.g. '800 0363044747'");
            }
            if (ms < last) { throw new CallScriptException(n, "times must not go back (" + ms + " < " + last + ")"); }
            last = ms;
            foreach (char c in w[1])
            {
                char k = char.ToLowerInvariant(c);
                bool ok = (k >= '0' && k <= '9') || k == '*' || k == '#' || (k >= 'a' && k <= 'd') || k == 'o' || k == 'h' || k == 'f' || k == 'p' || k == 'q';
                if (!ok) { throw new CallScriptException(n, "'" + c + "' is not a key (0-9 * # A-D o h f p q)"); }
                t._keys.Enqueue((ms, k >= 'a' && k <= 'd' ? char.ToUpperInvariant(k) : k));
            }
        }
        return t;
    }

    public bool Exhausted => _keys.Count == 0;

    public bool TryNext(long nowMs, out char key)
    {
        key = '\0';
        if (_keys.Count == 0 || _keys.Peek().Ms > nowMs) { return false; }
        key = _keys.Dequeue().Key;
        return true;
    }
}

// Keys typed on the terminal (the one place fxs reads the console: the interactive phone).
internal sealed class ConsoleKeys : IKeySource
{
    public bool Exhausted => false;

    public bool TryNext(long nowMs, out char key)
    {
        key = '\0';
        if (!Console.KeyAvailable) { return false; }
        char c = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
        if (c >= 'a' && c <= 'd') { c = char.ToUpperInvariant(c); }
        key = c;
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') || c == 'o' || c == 'h' || c == 'f' || c == 'p' || c == 'q';
    }
}
