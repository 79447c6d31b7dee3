using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO;
using Fxs.Boards;
using Fxs.Cli.Run;
using Fxs.Host.Hardware;
using Fxs.Config;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal.Linux;
using Fxs.Hal.Linux.Simulated;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Fxs.Host.Sim;
using Fxs.Host.Prompts;
using Fxs.Host.Config;

namespace Fxs.Cli.SelfTest.Board;

/// <summary>
/// `fxs selftest --board FILE --line F --relay F`, the end-of-line test of a gateway: its board's parts
/// opened and measured (the hook switch read through GPIO, both audio directions at 8 kHz, the echo's bulk
/// delay and return loss from a probe, the level a -10 dBm0 tone comes back at), its guidance audio read,
/// then its relay tried for real (<see cref="Relay.CheckCommand.Checks"/>, and a dry-run record). One
/// "ok"/"FAIL" line per check as `fxs selftest` prints them; exit 6 when one failed, 7 (one line on
/// stderr, after the lines so far) when a board part will not open, 3 for a bad file.
/// </summary>
internal static class BoardSelfTest
{
    internal sealed record Request(string Board, string Line, string Relay, string Prompts, bool SimulatedHardware);

    public static int Run(Request r, TextWriter stdout, TextWriter stderr)
    {
        BoardDefinition board;
        LineConfiguration line;
        RelayOptions relay;
        try
        {
            board = BoardFile.Load(BoardFile.Resolve(r.Board, RunCommand.BoardsDirectory()));
            line = LineFile.Load(r.Line);
            relay = RelayOptions.Load(r.Relay);
        }
        catch (Exception e) when (e is BoardFileException or ConfigFileException)
        {
            return Fail(stderr, ExitCodes.BadInput, e.Message);
        }
        if (board.Kind == BoardKind.NanoFramework) { return Fail(stderr, ExitCodes.Usage, board.Name + " is a nanoFramework board; `fxs selftest --board` tests the sim, Linux and external boards"); }
        if (r.SimulatedHardware && board.Kind != BoardKind.LinuxGpio) { return Fail(stderr, ExitCodes.Usage, "--simulated-hardware is for Linux boards"); }

        var total = Stopwatch.StartNew();
        int checks = 0, failed = 0;
        void Report(SelfTestResult result)
        {
            SelfTestRunner.Print(result, stdout);
            checks++;
            if (!result.Passed) { failed++; }
        }

        BoardUnderTest parts;
        var watch = Stopwatch.StartNew();
        try { parts = Open(board, r.SimulatedHardware); }
        catch (HardwareUnavailableException e) { return Fail(stderr, ExitCodes.HardwareUnavailable, e.Message); }
        using (parts)
        {
            Report(new SelfTestResult("gpio", true, parts.HookDescription + ": the loop is " + (parts.LoopClosed ? "closed (off hook)" : "open (on hook)"),
                watch.ElapsedMilliseconds));
            try { parts.StartAudio(); }
            catch (BoardPartException e) { return Fail(stderr, ExitCodes.HardwareUnavailable, e.Message); }
            Report(SelfTestRunner.Timed(() => AudioChecks.Open(parts)));
            Report(SelfTestRunner.Timed(() => AudioChecks.Echo(parts, board.EchoDelayFrames)));
            Report(SelfTestRunner.Timed(() => AudioChecks.Level(parts)));
        }
        Report(SelfTestRunner.Timed(() => Prompts(r.Prompts)));

        watch.Restart();
        Relay.CheckCommand.Checks(relay, r.Relay,
            (ok, name, detail) =>
            {
                Report(new SelfTestResult(name, ok, detail, watch.ElapsedMilliseconds));
                watch.Restart();
            },
            stdout.WriteLine,
            (http, report) => DryRunCheck.Run(http, relay, line, r.Prompts, report));
        return SelfTestRunner.Summary(checks, failed, total.Elapsed, stdout);
    }

    // The board's parts; a part that will not open is a HardwareUnavailableException with the daemon's one line.
    internal static BoardUnderTest Open(BoardDefinition board, bool simulated)
    {
        if (board.Kind == BoardKind.Sim) { return new SimBoardUnderTest(new SimBoard(new DtmfGenerator(), LineHardwareFactory.SimOptions(board))); }
        if (board.Kind == BoardKind.External) { return new ExternalBoardUnderTest(ExternalHardware.Connect(board, null), ExternalHardware.Describe(board)); }
        LinuxBoardSettings settings = LineHardwareFactory.LinuxSettings(board);
        string hook = "SHK line " + settings.ShkLine + " (RM " + settings.RmLine + ", F/R " + settings.FrLine
            + (settings.PdLine is int pd ? ", PD " + pd : "") + ")";
        string audio = "capture " + settings.CaptureDevice + " and playback " + settings.PlaybackDevice + " at 8000 Hz "
            + (settings.Encoding == Fxs.Hal.CodecEncoding.Linear16 ? "s16le" : settings.Encoding == Fxs.Hal.CodecEncoding.MuLaw ? "mu-law" : "a-law");
        if (simulated)
        {
            // The board's whole GPIO side as its file describes it: an expander board's SLIC lines on a simulated
            // MCP23017 behind the real Mcp23xxx driver (its INT on a simulated gpiochip line), as `fxs run` simulates it.
            var gpio = new SimulatedBoardGpio(settings, TimeProvider.System);
            gpio.SetInput(settings.ShkLine, settings.ShkActiveLow ? PinValue.High : PinValue.Low); // on hook
            var echo = new SimulatedEchoPath(settings.Encoding, settings.PeriodFrames, settings.BufferPeriods);
            var linux = new LinuxBoard(settings, gpio.Driver, echo.Capture, echo.Playback, TimeProvider.System);
            string parts = settings.Expander is null ? " on simulated GPIO" : " on a simulated " + settings.Expander.Describe() + " and gpiochip";
            return new LinuxBoardUnderTest(linux, hook + parts, audio + " (simulated: the hybrid's echo "
                + echo.DelaySamples / 8.0 + " ms, " + echo.ReturnLossDeciDb / 10.0 + " dB down)", echo);
        }
        try
        {
            return new LinuxBoardUnderTest(LinuxBoard.Create(settings), hook + " on gpiochip" + settings.GpioChip + " (" + settings.GpioDriver + ")", audio, null);
        }
        catch (BoardPartException e)
        {
            throw new HardwareUnavailableException(e.Message, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As the daemon says it (LineHardwareFactory): one line, the part and what to check.
            throw new HardwareUnavailableException("GPIO " + settings.GpioDriver + " on gpiochip" + settings.GpioChip + " cannot be opened ("
                + e.GetType().Name + ": " + BoardPartException.FirstLine(e.Message) + "): check gpio.driver and gpio.chip in the board file", e);
        }
    }

    private static SelfTestResult Prompts(string directory)
    {
        try
        {
            var source = new PromptDirectory(directory);
            long ms = 0;
            for (int i = 0; i < PromptCatalogue.Count; i++) { ms += source.Find(PromptCatalogue.At(i))?.DurationMs ?? 0; }
            return SelfTestResult.Ok("prompts", PromptCatalogue.Count + " guidance prompts read from " + directory + " (8 kHz µ-law, "
                + (ms / 1000.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s in all)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PromptAudioException)
        {
            return SelfTestResult.Fail("prompts", "expected every guidance prompt in " + directory + ", found: " + e.Message);
        }
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("fxs selftest: " + message);
        return code;
    }
}
