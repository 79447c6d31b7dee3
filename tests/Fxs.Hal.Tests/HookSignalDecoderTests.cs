using System;
using System.Collections.Generic;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Hal.Tests;

public class HookSignalDecoderTests
{
    private const string AllDigits = "1234567890";

    private static HookEdges OffHookThenWait() => new HookEdges().HoldMs(200).OffHook().HoldMs(500);

    [Theory]
    // 10 ± 1.0 pps, make ratio 30-42 %, inter-digit pause at its minimum of 600 ms.
    [InlineData(9.0, 30)]
    [InlineData(9.0, 42)]
    [InlineData(10.0, 30)]
    [InlineData(10.0, 33)]
    [InlineData(10.0, 42)]
    [InlineData(11.0, 30)]
    [InlineData(11.0, 42)]
    public void TenPpsAtTheToleranceEdgesGivesEveryDigit(double pps, double makePercent)
    {
        var script = OffHookThenWait().Dial(AllDigits, pps, makePercent, 600);
        var (decoder, log) = HookLog.Run(script);
        Assert.Equal(AllDigits, log.Digits.ToString());
        Assert.Equal(0, decoder.LineHits);
        Assert.Equal("off@1600", log.Events[0]);
        Assert.Equal(11, log.Events.Count);
    }

    [Theory]
    // 20 ± 1.6 pps, make ratio 30-36 %, inter-digit pause at its minimum of 450 ms.
    [InlineData(18.4, 30)]
    [InlineData(18.4, 36)]
    [InlineData(20.0, 33)]
    [InlineData(21.6, 30)]
    [InlineData(21.6, 36)]
    public void TwentyPpsAtTheToleranceEdgesGivesEveryDigit(double pps, double makePercent)
    {
        var script = OffHookThenWait().Dial(AllDigits, pps, makePercent, 450);
        var (decoder, log) = HookLog.Run(script);
        Assert.Equal(AllDigits, log.Digits.ToString());
        Assert.Equal(0, decoder.LineHits);
    }

    [Fact]
    public void DigitIsDatedFromItsFirstBreakToItsLastMake()
    {
        // 10 pps, 40 % make: breaks of 480 samples, makes of 320; digit 3 from t0.
        var script = OffHookThenWait();
        long t0 = script.Now;
        script.Pulses(3, 10, 40, 600);
        var (_, log) = HookLog.Run(script);
        Assert.Equal(new[] { "off@1600", $"3@{t0}-{t0 + 800 * 2 + 480}" }, log.Events);
    }

    [Fact]
    public void DigitIsReportedOnceTheMakeHasLastedTheDigitEndTime()
    {
        var log = new HookLog();
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), log);
        decoder.HookEdge(true, 100);
        decoder.HookEdge(false, 1000);
        decoder.HookEdge(true, 1480);
        decoder.Advance(1480 + 1199);
        Assert.Equal(1, decoder.PendingPulses);
        Assert.Single(log.Events);
        decoder.Advance(1480 + 1200);
        Assert.Equal("1", log.Digits.ToString());
        Assert.Equal(0, decoder.PendingPulses);
    }

    [Theory]
    [InlineData(1199, "5")]  // a make under 150 ms does not end a train: 2 + 3 pulses merge
    [InlineData(1200, "23")] // 150 ms does
    public void DigitEndThresholdSplitsTrains(int makeSamples, string expected)
    {
        var script = OffHookThenWait().Pulses(2, 10, 33, 0);
        script.HoldSamples(makeSamples); // the make between the trains
        script.Pulses(3, 10, 33, 600);
        var (_, log) = HookLog.Run(script);
        Assert.Equal(expected, log.Digits.ToString());
    }

    [Theory]
    [InlineData(161, "digit")]      // just over the shortest pulse break (20 ms)
    [InlineData(237, "digit")]      // 29.6 ms: the shortest break a phone sends (21.6 pps, 36 % make)
    [InlineData(622, "digit")]      // 77.8 ms: the longest (9 pps, 30 % make)
    [InlineData(720, "digit")]      // 90 ms: the last pulse break
    [InlineData(721, "flash")]      // beyond it: a flash
    [InlineData(800, "flash")]      // 100 ms flash button
    [InlineData(4800, "flash")]     // 600 ms
    [InlineData(8000, "flash")]     // 1000 ms: the longest flash
    [InlineData(8001, "on-hook")]   // longer: the phone hung up
    [InlineData(24000, "on-hook")]
    [InlineData(160, "digit")]      // 20 ms: the shortest pulse break
    [InlineData(159, "hit")]        // shorter: a line hit, ignored
    [InlineData(41, "hit")]         // just past the debounce
    [InlineData(40, "nothing")]     // 5 ms: debounced away
    [InlineData(8, "nothing")]
    public void BreakLengthDecidesPulseFlashOnHookOrNothing(int breakSamples, string meaning)
    {
        var script = OffHookThenWait();
        long at = script.Now;
        script.BreakSamples(breakSamples).HoldMs(2000);
        var (decoder, log) = HookLog.Run(script);
        List<string> after = log.Events.GetRange(1, log.Events.Count - 1);
        switch (meaning)
        {
            case "digit":
                Assert.Equal(new[] { $"1@{at}-{at + breakSamples}" }, after);
                break;
            case "flash":
                Assert.Equal(new[] { $"flash@{at}-{at + breakSamples}" }, after);
                break;
            case "on-hook":
                // On-hook, then the loop closing again is a new off-hook.
                Assert.Equal(new[] { $"on@{at}", $"off@{at + breakSamples}" }, after);
                break;
            case "hit":
                Assert.Empty(after);
                Assert.Equal(1, decoder.LineHits);
                break;
            default:
                Assert.Empty(after);
                Assert.Equal(0, decoder.LineHits);
                break;
        }
    }

    [Fact]
    public void OnHookIsReportedAsSoonAsTheBreakOutlastsAFlash()
    {
        var log = new HookLog();
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), log);
        decoder.HookEdge(true, 800);
        decoder.HookEdge(false, 10000);
        decoder.Advance(18000);
        Assert.True(decoder.IsOffHook);
        decoder.Advance(18001);
        Assert.False(decoder.IsOffHook);
        Assert.Equal(new[] { "off@800", "on@10000" }, log.Events);
    }

    [Fact]
    public void FlashRightAfterPulsesReportsTheDigitFirst()
    {
        var script = OffHookThenWait().Pulses(4, 10, 33, 33); // the flash follows an in-train make
        long flashAt = script.Now;
        script.BreakSamples(2400).HoldMs(1000);
        var (_, log) = HookLog.Run(script);
        Assert.Equal("4", log.Digits.ToString());
        Assert.Equal($"flash@{flashAt}-{flashAt + 2400}", log.Events[^1]);
    }

    [Fact]
    public void HangingUpInTheMiddleOfATrainDropsIt()
    {
        var script = OffHookThenWait().Pulses(3, 10, 33, 0);
        script.OnHook().HoldMs(3000);
        var (decoder, log) = HookLog.Run(script);
        Assert.Equal("", log.Digits.ToString());
        Assert.StartsWith("on@", log.Events[^1]);
        Assert.Equal(0, decoder.PendingPulses);
    }

    [Fact]
    public void ElevenBreaksAreRefused()
    {
        var script = OffHookThenWait().Pulses(11, 10, 33, 700).Dial("7", 10, 33, 700);
        var (decoder, log) = HookLog.Run(script);
        Assert.Equal("7", log.Digits.ToString());
        Assert.Equal(1, decoder.RejectedTrains);
    }

    [Theory]
    [InlineData(1, 4)]  // one bounce pair 0.5 ms after each edge
    [InlineData(3, 4)]  // three pairs: the contact settles 3 ms after the edge
    [InlineData(2, 10)] // two pairs 1.25 ms apart: settles after 5 ms
    public void ContactBounceIsIgnored(int toggles, int spacing)
    {
        foreach (var (pps, make, pause) in new[] { (9.0, 30.0, 600.0), (11.0, 42.0, 600.0), (18.4, 30.0, 450.0), (21.6, 36.0, 450.0) })
        {
            var script = OffHookThenWait().Dial(AllDigits, pps, make, pause).Flash();
            var (decoder, log) = HookLog.Run(script, edges: script.WithBounce(toggles, spacing));
            Assert.Equal(AllDigits, log.Digits.ToString());
            Assert.Equal(0, decoder.LineHits);
            Assert.Single(log.Events, e => e.StartsWith("off@"));
            Assert.Single(log.Events, e => e.StartsWith("flash@"));
        }
    }

    [Fact]
    public void GlitchesOfFiveMsInsideMakesAndBreaksAreIgnored()
    {
        var script = OffHookThenWait();
        script.Dial("52", 10, 33, 700);
        var edges = new List<(bool Closed, long At)>(script.Edges);
        // Each break of 10 pps / 33 % is 536 samples; put a 40-sample closure in the middle of
        // every break, and a 40-sample opening in every make and in the pauses.
        var glitched = new List<(bool Closed, long At)>();
        for (int i = 0; i < edges.Count; i++)
        {
            glitched.Add(edges[i]);
            long next = i + 1 < edges.Count ? edges[i + 1].At : edges[i].At + 4000;
            long middle = (edges[i].At + next) / 2;
            glitched.Add((!edges[i].Closed, middle));
            glitched.Add((edges[i].Closed, middle + 40));
        }
        var (decoder, log) = HookLog.Run(script, edges: glitched);
        Assert.Equal("52", log.Digits.ToString());
        Assert.Equal(0, decoder.LineHits);
    }

    private static HookEdges Flashing(HookEdges e) => e.BreakSamples(2400).HoldMs(500);

    [Fact]
    public void ResetToAClosedLoopIsOffHookWithoutAnEvent()
    {
        var log = new HookLog();
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), log);
        decoder.Reset(true, 5000);
        Assert.True(decoder.IsOffHook);
        var script = new HookEdges { Now = 6000, Closed = true }.Pulses(2, 10, 33, 700);
        foreach (var (closed, at) in script.Edges) { decoder.HookEdge(closed, at); }
        decoder.Advance(script.Now);
        Assert.Equal(new[] { "2@6000-7336" }, log.Events);
    }

    [Fact]
    public void ThresholdsOutOfOrderAreRefused()
    {
        var profile = HookSignalProfile.CreateDefault();
        profile.PulseBreakMaxSamples = profile.FlashMaxSamples;
        Assert.Throws<ArgumentException>(() => new HookSignalDecoder(profile, new HookLog()));
        Assert.Throws<ArgumentNullException>(() => new HookSignalDecoder(HookSignalProfile.CreateDefault(), null!));
    }

    [Fact]
    public void DecodingAllocatesNothing()
    {
        var listener = new CountingListener();
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), listener);
        var script = OffHookThenWait().Dial(AllDigits + AllDigits, 10, 33, 600).Dial(AllDigits, 20, 33, 450);
        Flashing(script).OnHook().HoldMs(1500).OffHook().HoldMs(100);
        var edges = script.Edges.ToArray();
        Run(decoder, edges, script.Now); // warm up (JIT)
        decoder.Reset(false, 0);
        listener.Digits = 0;
        long allocated = Allocations.During(() => Run(decoder, edges, script.Now));
        Assert.Equal(30, listener.Digits);
        Assert.Equal(0, allocated);

        static void Run(HookSignalDecoder d, (bool Closed, long At)[] edges, long until)
        {
            int next = 0;
            for (long frameEnd = 80; frameEnd <= until; frameEnd += 80)
            {
                while (next < edges.Length && edges[next].At < frameEnd) { d.HookEdge(edges[next].Closed, edges[next].At); next++; }
                d.Advance(frameEnd);
            }
        }
    }

    private sealed class CountingListener : IHookListener
    {
        public int Digits;
        public void OffHook(long atSample) { }
        public void OnHook(long atSample) { }
        public void HookFlash(long breakSample, long makeSample) { }
        public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample) { Digits++; }
    }
}
