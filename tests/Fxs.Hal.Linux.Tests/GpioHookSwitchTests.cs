using System;
using System.Device.Gpio;
using System.Linq;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

public class GpioHookSwitchTests
{
    private const long SamplesPerMs = 8;

    [Fact]
    public void Off_hook_with_bounce_then_on_hook()
    {
        var edges = EdgeScript.Load("offhook-bounce-onhook.edges");
        var replay = new HookReplay();
        replay.Run(edges);
        Assert.Equal("off on", replay.Recorder.Summary());
        // Dated inside the bounce bursts (200-202 ms and 3202-3204 ms), to the sample.
        var off = replay.Recorder.Events[0];
        Assert.InRange(off.At, 200 * SamplesPerMs, 202 * SamplesPerMs);
        var on = replay.Recorder.Events[1];
        Assert.InRange(on.At, 3201 * SamplesPerMs, 3205 * SamplesPerMs);
        Assert.Equal(edges.Count, replay.Hook.EdgesReceived);
    }

    [Fact]
    public void The_access_number_at_10_pps_decodes_digit_for_digit()
    {
        var replay = new HookReplay();
        replay.Run(EdgeScript.Load("dial-0363044747-10pps.edges"));
        Assert.Equal("off 0 3 6 3 0 4 4 7 4 7 on", replay.Recorder.Summary());
        Assert.Equal(0, replay.Decoder.RejectedTrains);
        Assert.Equal(0, replay.Decoder.LineHits);
    }

    [Fact]
    public void Digits_at_20_pps_decode()
    {
        var replay = new HookReplay();
        replay.Run(EdgeScript.Load("dial-20pps.edges"));
        Assert.Equal("off 1 5 9 0 on", replay.Recorder.Summary());
    }

    [Fact]
    public void A_300_ms_flash_between_digits()
    {
        var replay = new HookReplay();
        replay.Run(EdgeScript.Load("hook-flash.edges"));
        Assert.Equal("off 2 flash 5 on", replay.Recorder.Summary());
        var flash = replay.Recorder.Events.Single(e => e.Kind == "flash");
        long lengthMs = (flash.End - flash.At) / SamplesPerMs;
        Assert.InRange(lengthMs, 296, 304);
    }

    [Fact]
    public void A_line_hit_and_a_glitch_are_not_hook_signals()
    {
        var replay = new HookReplay();
        replay.Run(EdgeScript.Load("line-hit.edges"));
        Assert.Equal("off on", replay.Recorder.Summary());
        Assert.Equal(1, replay.Decoder.LineHits);
    }

    [Fact]
    public void An_active_low_pin_decodes_the_same()
    {
        var replay = new HookReplay(activeLow: true);
        replay.Run(EdgeScript.Load("dial-0363044747-10pps.edges"));
        Assert.Equal("off 0 3 6 3 0 4 4 7 4 7 on", replay.Recorder.Summary());
    }

    [Fact]
    public void Edges_wait_for_the_frame_they_belong_to_and_repeats_are_dropped()
    {
        var time = new FakeTimeProvider();
        var timeBase = new LineTimeBase(time); // sample 0 now
        var driver = new SimulatedGpioDriver();
        using var hook = new GpioHookSwitch(new GpioController(driver), 3, false, PinMode.InputPullDown, timeBase);
        var recorder = new EdgeRecorder();
        hook.SetEdgeListener(recorder);
        Assert.Equal(PinMode.InputPullDown, driver.ModeOf(3));

        time.Advance(TimeSpan.FromMilliseconds(4));     // sample 32
        driver.SetInput(3, PinValue.High);
        time.Advance(TimeSpan.FromMilliseconds(9));     // sample 104: after the first frame
        driver.SetInput(3, PinValue.Low);

        Assert.Equal(1, hook.DeliverEdges(80));
        Assert.Equal(new[] { (true, 32L) }, recorder.Edges);
        Assert.Equal(1, hook.PendingEdges);
        Assert.Equal(1, hook.DeliverEdges(160));
        Assert.Equal((false, 104L), recorder.Edges[1]);
        Assert.False(hook.LoopClosed);
    }

    [Fact]
    public void Edge_times_never_go_backwards_when_the_anchor_moves_back()
    {
        var time = new FakeTimeProvider();
        var timeBase = new LineTimeBase(time);
        var driver = new SimulatedGpioDriver();
        using var hook = new GpioHookSwitch(new GpioController(driver), 3, false, PinMode.Input, timeBase);
        var recorder = new EdgeRecorder();
        hook.SetEdgeListener(recorder);

        time.Advance(TimeSpan.FromMilliseconds(5));
        driver.SetInput(3, PinValue.High);              // sample 40
        Assert.Equal(1, hook.DeliverEdges(80));
        // A late-waking capture thread anchors sample 160 at 25 ms (20 ms after now): an edge at
        // 6 ms then converts to sample 8, before the frame already served (it ended at 80).
        timeBase.Anchor(160, time.GetTimestamp() + TimeSpan.FromMilliseconds(20).Ticks);
        time.Advance(TimeSpan.FromMilliseconds(1));
        driver.SetInput(3, PinValue.Low);               // converts to 160 - 19 ms = 8: before 80
        Assert.Equal(1, hook.DeliverEdges(160));
        Assert.Equal((false, 80L), recorder.Edges[1]);  // clamped to the end of the frame already served
    }

    [Fact]
    public void A_closing_edge_trips_the_ringer_on_the_driver_thread()
    {
        var time = new FakeTimeProvider();
        var driver = new SimulatedGpioDriver();
        var gpio = new GpioController(driver);
        using var hook = new GpioHookSwitch(gpio, 3, false, PinMode.Input, new LineTimeBase(time));
        using var ringer = new GpioRinger(gpio, 10, false, 11, false, 16, time, hook);
        hook.SetRingTrip(ringer);
        ringer.SetRinging(true);
        driver.SetInput(3, PinValue.High);             // no DeliverEdges: the trip does not wait for the service loop
        Assert.False(ringer.IsRinging);
        Assert.Equal(PinValue.Low, driver.GetOutput(10));
        Assert.Equal(1, ringer.Trips);
    }

    [Fact]
    public void A_full_ring_keeps_the_latest_state()
    {
        var time = new FakeTimeProvider();
        var driver = new SimulatedGpioDriver();
        using var hook = new GpioHookSwitch(new GpioController(driver), 3, false, PinMode.Input, new LineTimeBase(time), edgeCapacity: 4);
        var recorder = new EdgeRecorder();
        hook.SetEdgeListener(recorder);
        for (int i = 0; i < 9; i++) { driver.SetInput(3, i % 2 == 0 ? PinValue.High : PinValue.Low); } // ends high
        Assert.Equal(5, hook.EdgesOverwritten);
        hook.DeliverEdges(80);
        Assert.True(recorder.Edges[^1].Closed);
        for (int i = 1; i < recorder.Edges.Count; i++) { Assert.NotEqual(recorder.Edges[i - 1].Closed, recorder.Edges[i].Closed); }
    }
}
