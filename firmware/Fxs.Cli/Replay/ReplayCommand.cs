using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Fxs.Cli.Audio;
using Fxs.Cli.Recording;
using Fxs.Cli.Run;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Hal;

namespace Fxs.Cli.Replay;

// `fxs replay CALLER.wav`: one call on the sim board from a recording of the phone's side of the line
// (issue #7). The recording (and --hook's timeline) drive the line sample by sample; everything else is
// the firmware path of a live call: the hook-signal decoder, G.711, the echo canceller, the DTMF
// receiver, call control with the dial plan, the IVR and its prompts. Time is the sample clock only, so
// the same input gives the same bytes out.
public static class ReplayCommand
{
    /// <summary>The only board that can replay (and the only one that may show password digits).</summary>
    public const string SimBoard = "sim";

    // Line time allowed after the recording and the hook timeline end, for the port to finish what it
    // was doing (an on-hook decision, the IVR's timeouts with the phone left off hook).
    private const long MaxTailSamples = 600L * LineTime.SampleRateHz;

    // Issue #14 item 6: a bad option exits 2 (usage), a bad input file 3 (bad input), as in every command
    // (issue #7 had every bad input of a replay exit 2).
    private const int BadReplayInput = ExitCodes.Usage;

    internal sealed record Settings(
        string Caller, string? Hook, string? LineFile, string? Area, string? Contract, string? Additional, string? Notify,
        string EchoDb, string? Record, bool Json, bool Reveal, string Board, string? Prompts, string? Relay = null, bool RecordSecrets = false,
        string? Expect = null, AudioChannel Channel = AudioChannel.Mono);

    public static Command Create()
    {
        var caller = new Argument<FileInfo>("caller")
        {
            HelpName = "CALLER.wav|CAPTURE",
            Description = "What the phone sends into the line from off-hook (" + WavFormatText.Rate + " mono WAV, 16-bit PCM, µ-law or A-law; stereo with --channel); "
                + "or a call's folder captured by `fxs run --record-dir`, which gives the audio, hook timeline and line, and whose events the replay is set against.",
        };
        Option<string?> channel = CommonOptions.Channel();
        var hook = new Option<FileInfo?>("--hook")
        {
            HelpName = "FILE",
            Description = "The phone's hook switch: one '<ms> off|on' per change, ms from the start of the recording, ascending; "
                + "'#' comments. Default: off hook at 0, on hook when the recording ends.",
        };
        Option<FileInfo?> line = CommonOptions.LineFile();
        var area = new Option<string?>("--area") { HelpName = "east|west", Description = "Service area, without --line (default east)." };
        area.AcceptOnlyFromAmong("east", "west");
        var contract = new Option<string?>("--contract") { HelpName = "NUMBER", Description = "Contract number, digits from the area code (without --line)." };
        var additional = new Option<string?>("--additional") { HelpName = "N1,N2,...", Description = "Additional numbers (without --line)." };
        var notify = new Option<string?>("--notify") { HelpName = "NUMBER", Description = "The port's notify number (without --line; default: the contract number)." };
        var echo = new Option<string>("--echo-db")
        {
            HelpName = "DB|off",
            Description = "Return loss of the sim line's hybrid, dB (default 6), or off: no echo.",
            DefaultValueFactory = _ => "6",
        };
        var record = new Option<FileInfo?>("--record")
        {
            HelpName = "OUT.wav",
            Description = "Writes the line audio: stereo 8 kHz 16-bit, left what the gateway heard (after the hybrid), right what it played "
                + "(password keys replaced by silence unless --record-secrets).",
        };
        Option<bool> recordSecrets = RecordingOptions.RecordSecrets();
        var json = new Option<bool>("--json") { Description = "JSON Lines instead of the transcript: every object has t_ms and type; the last is the result." };
        var reveal = new Option<bool>("--reveal-digits") { Description = "Show password digits (sim board only); the set result then carries the password." };
        var board = new Option<string>("--board") { HelpName = "BOARD", Description = "The board to replay on (only sim).", DefaultValueFactory = _ => SimBoard };
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts();
        var relay = new Option<FileInfo?>("--relay")
        {
            HelpName = "F.json",
            Description = "Seal the set password into this relay configuration's outbox (not sent), as the daemon does; "
                + "a password the outbox cannot keep ends the call failed (reason not-stored).",
        };

        Option<string?> expect = ExpectedOutcome.Option("the replayed call");

        var command = new Command("replay",
            "Replay one call on the sim board from a recording of the phone's side of the line, through the firmware's whole call path; "
            + "prints a transcript (or --json) ending with the result; password digits show as x. A bad option exits " + ExitCodes.Usage
            + ", a bad input file (WAV, hook, line, relay, guidance) " + ExitCodes.BadInput + ", as in every command; any call that ran exits 0 "
            + "(with --expect, " + ExitCodes.OutcomeDiffers + " when its outcome is another). "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed, ExitCodes.OutcomeDiffers))
        {
            caller, hook, line, area, contract, additional, notify, echo, record, json, reveal, board, prompts, relay, recordSecrets, expect, channel,
        };
        command.SetAction(parse => Run(new Settings(
                parse.GetValue(caller)!.ToString(), parse.GetValue(hook)?.ToString(), parse.GetValue(line)?.ToString(),
                parse.GetValue(area), parse.GetValue(contract), parse.GetValue(additional), parse.GetValue(notify),
                parse.GetValue(echo)!, parse.GetValue(record)?.ToString(), parse.GetValue(json), parse.GetValue(reveal),
                parse.GetValue(board)!, parse.GetValue(prompts)?.FullName, parse.GetValue(relay)?.ToString(), parse.GetValue(recordSecrets),
                parse.GetValue(expect), AudioChannels.Parse(parse.GetValue(channel))),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(Settings s, TextWriter stdout, TextWriter stderr)
    {
        // The board first: password digits are never shown off the sim board.
        if (s.Reveal && s.Board != SimBoard)
        {
            stderr.WriteLine("fxs replay: --reveal-digits is refused on board '" + s.Board + "' (only on the sim board)");
            return BadReplayInput;
        }
        if (s.RecordSecrets && s.Board != SimBoard)
        {
            stderr.WriteLine("fxs replay: --record-secrets is refused on board '" + s.Board + "' (only on the sim board)");
            return BadReplayInput;
        }
        if (s.RecordSecrets && s.Record is null)
        {
            stderr.WriteLine("fxs replay: --record-secrets keeps the password keys in the recording: it needs --record OUT.wav");
            return BadReplayInput;
        }
        if (s.Board != SimBoard)
        {
            stderr.WriteLine("fxs replay: board '" + s.Board + "' cannot replay a call (only sim)");
            return BadReplayInput;
        }

        int echoDeciDb;
        if (s.EchoDb == "off") { echoDeciDb = 1000; }
        else if (decimal.TryParse(s.EchoDb, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal db) && db >= 0 && db < 100)
        {
            echoDeciDb = (int)Math.Round(db * 10, MidpointRounding.AwayFromZero);
        }
        else
        {
            stderr.WriteLine("fxs replay: --echo-db '" + s.EchoDb + "' is not a return loss in dB (0 to 99.9) or off");
            return BadReplayInput;
        }

        CaptureInfo? capture = null;
        string captureDir = s.Caller;
        short[] audio;
        HookTimeline timeline;
        LineConfiguration lineConfig;
        PromptDirectory promptSource;
        Fxs.Relay.RelayOptions? relayOptions = null;
        try
        {
            if (CaptureFolder.IsCapture(s.Caller)) { s = CaptureReplay.Settings(s, out capture); }
            if (s.Relay is not null)
            {
                try { relayOptions = Fxs.Relay.RelayOptions.Load(s.Relay); }
                catch (Fxs.Config.ConfigFileException e)
                {
                    throw new ReplayInputException("fxs replay: " + e.Message);
                }
            }
            lineConfig = LoadLine(s);
            audio = ReadCaller(s.Caller, s.Channel);
            timeline = s.Hook is null ? HookTimeline.Default(audio.Length) : HookTimeline.Parse(s.Hook);
            string promptPath = s.Prompts ?? PromptDirectory.DefaultDirectory();
            try { promptSource = new PromptDirectory(promptPath); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PromptAudioException)
            {
                throw new ReplayInputException(promptPath + ": cannot load the guidance (" + e.Message + ")");
            }
        }
        catch (ReplayInputException e)
        {
            stderr.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (InputRejectedException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        using Fxs.Relay.Outbox? outbox = relayOptions?.OpenOutbox();
        RelayTee? tee = outbox is null ? null
            : new RelayTee(Fxs.Relay.OutboxSink.Create(outbox, relayOptions!, TimeProvider.System, onError: e => stderr.WriteLine("fxs replay: the relay could not keep the record: " + e.GetType().Name + ": " + e.Message)));
        CallEventLog log = RunCall(audio, timeline, lineConfig, promptSource, echoDeciDb, s.Record is not null, s.RecordSecrets, s.Reveal, out CallEvent result, tee,
            capture is null ? null : CaptureReplay.Board(capture), capture?.EchoDelayFrames ?? 1);
        var events = new List<CallEvent>(log.Events) { result };

        if (s.Record is not null && log.Recorder is not null)
        {
            try { log.Recorder.WriteWav(s.Record); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("fxs replay: cannot write " + s.Record + ": " + e.Message);
                return ExitCodes.OutputFailed;
            }
        }

        if (s.Json) { CallEventLog.WriteJson(stdout, events); }
        else { CallEventLog.WriteText(stdout, events); }
        if (capture is not null)
        {
            string compared;
            try { compared = CaptureReplay.Compare(captureDir, capture, log.Events, OutcomeOf(log)); }
            catch (ReplayInputException e)
            {
                stderr.WriteLine(e.Message);
                return e.ExitCode;
            }
            (s.Json ? stderr : stdout).WriteLine(compared);
        }
        return ExpectedOutcome.Check(s.Expect, OutcomeOf(log), "fxs replay: ", stderr);
    }

    private static LineConfiguration LoadLine(Settings s)
    {
        if (s.LineFile is not null)
        {
            if (s.Area is not null || s.Contract is not null || s.Additional is not null || s.Notify is not null)
            {
                throw new ReplayInputException("fxs replay: --line " + s.LineFile + " gives the whole line: drop --area, --contract, --additional and --notify", ExitCodes.Usage);
            }
            try { return LineFile.Load(s.LineFile); }
            catch (Fxs.Config.ConfigFileException e) { throw new ReplayInputException("fxs replay: " + e.Message); }
        }
        if (s.Contract is null)
        {
            throw new ReplayInputException("fxs replay: no line: give --line FILE, or --contract NUMBER (with --area, --additional, --notify)", ExitCodes.Usage);
        }
        return LineInput.FromOptions(s.Area, s.Contract, s.Additional, s.Notify, out string? error)
            ?? throw new ReplayInputException("fxs replay: " + error, ExitCodes.Usage);
    }

    private static short[] ReadCaller(string path, AudioChannel channel)
    {
        using LineAudioReader reader = LineAudioReader.Open(path, channel);
        var samples = new List<short>();
        var buffer = new short[8192];
        try
        {
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                for (int i = 0; i < n; i++) { samples.Add(buffer[i]); }
            }
        }
        catch (IOException e)
        {
            throw new ReplayInputException(path + ": read failed (" + e.Message + ")");
        }
        return samples.ToArray();
    }

    // Runs the call frame by frame until the phone's timeline is done and the port has settled.
    internal static CallEventLog RunCall(short[] audio, HookTimeline timeline, LineConfiguration line, IPromptSource prompts,
        int echoDeciDb, bool record, bool recordSecrets, bool reveal, out CallEvent result, RelayTee? relay = null,
        SimBoardOptions? board = null, int echoDelayFrames = 1)
    {
        var log = new CallEventLog(reveal);
        SimBoardOptions options = board ?? new SimBoardOptions { EchoReturnLossDeciDb = echoDeciDb };
        var sim = new SimGateway(line, options, prompts, log, relay, echoDelayFrames);
        if (relay is not null) { relay.Recorder = sim.Sink; }
        log.Port = sim.Port;
        if (record) { log.Recorder = new CallRecorder(sim.Port, recordSecrets); }
        log.PortHook = sim.Port.Hook;
        sim.Board.HookSwitch.SetEdgeListener(log);
        sim.Board.SetFrameClient(new FrameClient(log, sim.Port));
        var caller = new RecordedCaller(audio, timeline.Samples, timeline.Closed);
        sim.Board.SetCaller(caller);

        long end = Math.Max(audio.Length, timeline.LastSample);
        sim.Board.RunUntil(end + 80); // through the frame that holds sample `end` (the last hook change takes effect there)
        long tailEnd = sim.Board.NowSamples + MaxTailSamples;
        while (sim.Board.NowSamples < tailEnd && !Settled(sim.Port.Control, caller.LoopClosed)) { sim.Board.Step(); }
        log.Finish();
        result = Result(log, sim, reveal);
        return log;
    }

    // Nothing more will happen without the phone: on hook and the port idle; or off hook with the
    // port giving busy tone or on a placed call.
    private static bool Settled(CallControl control, bool loopClosed)
    {
        CallState state = control.State;
        if (!loopClosed) { return state == CallState.Idle; }
        return state == CallState.Idle || state == CallState.Busy || state == CallState.Outgoing;
    }

    private static CallEvent Result(CallEventLog log, SimGateway sim, bool reveal)
    {
        long endMs = sim.Board.NowSamples / 8;
        long at = log.DecidedAt >= 0 ? log.DecidedAt / 8 : endMs;
        CallEvent r;
        if (log.PasswordWasSet)
        {
            SimPasswordSink sink = sim.Sink;
            var strikes = new int[IvrStep.Count];
            for (int i = 0; i < strikes.Length; i++) { strikes[i] = sink.StrikesIn(i); }
            r = new CallEvent(at, "result", "result",
                "set: unit " + (int)sink.Unit + " (" + EventWords.Name(sink.Unit) + ") for " + sink.TargetNumber + ", notify " + sink.NotifyNumber
                + ", access " + sink.AccessNumberDialed + ", " + sink.DurationMs + " ms, " + sink.ChargeUnits + " charge unit(s), "
                + StrikesText(strikes))
                .With("outcome", CallOutcome.Set).With("unit", (int)sink.Unit).With("target", sink.TargetNumber).With("notify", sink.NotifyNumber)
                .With("access", sink.AccessNumberDialed).With("duration_ms", sink.DurationMs).With("charge_units", sink.ChargeUnits)
                .With("strikes", strikes);
            if (reveal)
            {
                var digits = new byte[TemporaryPasswordIvr.PasswordDigits];
                int n = sink.CopyPasswordForTest(digits);
                string password = System.Text.Encoding.ASCII.GetString(digits, 0, n);
                Array.Clear(digits);
                r.With("password", password);
                r.Text += ", password " + password;
            }
            sink.Clear();
            return r;
        }
        int[] seen = log.Strikes;
        switch (OutcomeOf(log))
        {
            case CallOutcome.Failed when log.NotStored:
                return new CallEvent(at, "result", "result", "failed: the password could not be stored, the caller was told to call again later (issue #12), "
                    + StrikesText(seen))
                    .With("outcome", CallOutcome.Failed).With("reason", "not-stored").With("strikes", seen);
            case CallOutcome.Failed:
                return new CallEvent(at, "result", "result", "failed: three wrong entries (TP-14), " + StrikesText(seen))
                    .With("outcome", CallOutcome.Failed).With("reason", "too-many-errors").With("strikes", seen);
            case CallOutcome.Abandoned:
                return new CallEvent(at, "result", "result", "abandoned: on hook before the password was set, " + StrikesText(seen))
                    .With("outcome", CallOutcome.Abandoned).With("strikes", seen);
            case CallOutcome.Outgoing:
                return new CallEvent(at, "result", "result", "outgoing: " + log.Dialed + " is not an access number, " + StrikesText(seen))
                    .With("outcome", CallOutcome.Outgoing).With("dialed", log.Dialed!).With("strikes", seen);
            default:
                return new CallEvent(endMs, "result", "result", "no-call: no number was dialed, " + StrikesText(seen))
                    .With("outcome", CallOutcome.NoCall).With("strikes", seen);
        }
    }

    private static string OutcomeOf(CallEventLog log) =>
        CallOutcome.Of(log.PasswordWasSet, log.Outcome == IvrOutcome.Failed, log.RoutedToIvr, log.Dialed is not null);

    // --relay: the record goes to the relay's outbox first; only a kept one is also recorded for the result.
    internal sealed class RelayTee(Fxs.Relay.OutboxSink relay) : ITemporaryPasswordSink
    {
        public SimPasswordSink? Recorder { get; set; }

        public bool Accept(TemporaryPasswordRecord record)
        {
            if (!relay.Accept(record)) { return false; }
            Recorder?.Accept(record);
            return true;
        }
    }

    private static string StrikesText(int[] strikes) =>
        "strikes menu " + strikes[IvrStep.Menu] + " number " + strikes[IvrStep.Number] + " password " + strikes[IvrStep.Password];

    private sealed class FrameClient : ISimFrameClient
    {
        private readonly CallEventLog _log;
        private readonly GatewayPort _port;

        public FrameClient(CallEventLog log, GatewayPort port)
        {
            _log = log;
            _port = port;
        }

        public void OnFrame(SimBoard board)
        {
            _log.BeforeFrame(board.NowSamples);
            _port.Service();
        }
    }
}
