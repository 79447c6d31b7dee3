using System;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using Fxs.Boards;
using Fxs.Cli.Run;
using Fxs.Cli.SelfTest;
using Fxs.Cli.SelfTest.Board;

namespace Fxs.Cli.Tests;

// The end-of-line test's echo check when the audio path slips (an overrun, an underrun, a frame queued
// late: the heard audio may move a frame against the played, and the echo's delay with it). Driven on the
// Linux board's whole HAL on simulated parts, the simulated capture made to overrun and the simulated card
// to underrun at chosen ticks, as they do by themselves when a loaded machine holds the pump's threads back
// (a CI run failed a good board that way: "found no stable delay").
public sealed class SelfTestEchoSlipTests
{
    private const int PathDelaySamples = SimulatedEchoPath.DefaultDelaySamples;
    private const int BoardEchoDelayFrames = 2; // boards/raspberry-pi-ag1171.json

    private static LinuxBoardUnderTest OpenSimulatedPi()
    {
        BoardDefinition board = BoardFile.Load(BoardFile.Resolve("raspberry-pi-ag1171", RunCommand.BoardsDirectory()));
        var parts = (LinuxBoardUnderTest)BoardSelfTest.Open(board, simulated: true);
        parts.StartAudio();
        Assert.True(AudioChecks.Open(parts).Passed);
        return parts;
    }

    // Does `slip` at each of the card's ticks given, counted from now, on a thread of its own.
    private static Thread AtTicks(SimulatedEchoPath path, Action slip, params int[] ticksFromNow)
    {
        long start = path.Ticks;
        var thread = new Thread(() =>
        {
            foreach (int tick in ticksFromNow)
            {
                while (path.Ticks < start + tick) { Thread.Sleep(1); }
                slip();
            }
        }) { IsBackground = true, Name = "test-slips" };
        thread.Start();
        return thread;
    }

    private static int Number(string text, string pattern)
    {
        Match m = Regex.Match(text, pattern);
        Assert.True(m.Success, pattern + " in: " + text);
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_probe_the_audio_slips_under_is_measured_again_and_finds_the_delay_the_line_has_after_the_slips()
    {
        using LinuxBoardUnderTest parts = OpenSimulatedPi();
        SimulatedEchoPath path = parts.SimulatedPath!;
        // Capture overruns (-EPIPE, recovered by the pump) before the first lock (0.2 s), after it (0.6 s,
        // while the return loss is measured) and once more. (An underrun would do as well, but each one
        // the card takes with its buffer full leaves the echo a frame later for good, and three can carry
        // it past the 80 ms the canceller and the estimator reach.)
        Thread injector = AtTicks(path, () => path.Capture.InjectCaptureOverrun(0), 20, 60, 110);

        SelfTestResult slipped = AudioChecks.Echo(parts, BoardEchoDelayFrames);
        Assert.True(injector.Join(TimeSpan.FromSeconds(10)));

        Assert.True(slipped.Passed, slipped.Detail);
        Assert.True(Number(slipped.Detail, @"measured again after the audio slipped (\d+) times") >= 3, slipped.Detail);
        Assert.True(Number(parts.Counters(), @"capture overruns (\d+)") >= 3, parts.Counters());
        int delay = Number(slipped.Detail, @"\((\d+) samples after the frame queued last\)");
        int buffering = delay - PathDelaySamples;
        Assert.True(buffering >= 0 && (buffering % 80 <= 2 || buffering % 80 >= 78), slipped.Detail); // whole frames of buffering before the hybrid
        Assert.InRange(Number(slipped.Detail, @"return loss (\d+)\.\d dB"), 11, 12);

        // The delay reported is the line's as it is now: a second probe, with nothing injected, finds the same
        // (unless the machine itself slipped the audio in between, which the counters say).
        long slipsBefore = parts.Slips;
        SelfTestResult again = AudioChecks.Echo(parts, BoardEchoDelayFrames);
        Assert.True(again.Passed, again.Detail);
        if (parts.Slips == slipsBefore)
        {
            Assert.Equal(delay, Number(again.Detail, @"\((\d+) samples after the frame queued last\)"));
        }
    }

    [Fact]
    public void Audio_that_slips_too_often_for_a_clean_probe_fails_with_the_slips_counted_not_as_a_loop()
    {
        using LinuxBoardUnderTest parts = OpenSimulatedPi();
        SimulatedEchoPath path = parts.SimulatedPath!;
        // An underrun every 150 ms for 5 s: never the 4 s of clean probe the lock is given, within a 5 s limit.
        var ticks = new int[34];
        for (int i = 0; i < ticks.Length; i++) { ticks[i] = 5 + 15 * i; }
        Thread injector = AtTicks(path, path.InjectUnderrun, ticks);

        SelfTestResult r = AudioChecks.Echo(parts, BoardEchoDelayFrames, probeLimitFrames: 500);
        injector.Join(TimeSpan.FromSeconds(10));

        Assert.False(r.Passed, r.Detail);
        Assert.StartsWith("expected 4 s of probe without a slip of the audio within 5 s, found ", r.Detail, StringComparison.Ordinal);
        Assert.True(Number(r.Detail, @"found (\d+) slips") >= 25, r.Detail);
        Assert.Contains("the machine is too busy to measure, or the card's buffer is too small", r.Detail);
        Assert.DoesNotContain("loop", r.Detail);
    }
}
