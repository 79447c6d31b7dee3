using System;
using System.Collections.Generic;
using System.Device.Gpio;
using Fxs.Hal.Line;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

/// <summary>
/// Replays an edge file through the real path: SimulatedGpioDriver (edges raised as a driver
/// would, the fake clock at the edge's µs) → GpioController → GpioHookSwitch (stamp, ring) →
/// DeliverEdges per 10 ms frame, with the time base anchored at each frame end as the pump does →
/// HookSignalDecoder → recorder.
/// </summary>
internal sealed class HookReplay
{
    public const int ShkPin = 7;
    public readonly FakeTimeProvider Time = new();
    public readonly SimulatedGpioDriver Driver = new();
    public readonly LineTimeBase TimeBase;
    public readonly GpioHookSwitch Hook;
    public readonly HookSignalDecoder Decoder;
    public readonly HookRecorder Recorder = new();
    private readonly DateTimeOffset _start;
    private readonly bool _activeLow;
    private long _frameEnd;

    public HookReplay(bool activeLow = false)
    {
        _activeLow = activeLow;
        _start = Time.GetUtcNow();
        TimeBase = new LineTimeBase(Time);
        Driver.SetInput(ShkPin, activeLow ? PinValue.High : PinValue.Low); // loop open
        Hook = new GpioHookSwitch(new GpioController(Driver), ShkPin, activeLow, PinMode.Input, TimeBase);
        Decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), Recorder);
        Hook.SetEdgeListener(Decoder);
    }

    public void Run(IReadOnlyList<(long Micros, bool High)> edges, long tailMs = 2000)
    {
        int next = 0;
        long endMicros = (edges.Count > 0 ? edges[^1].Micros : 0) + tailMs * 1000;
        while (_frameEnd * 125 < endMicros)
        {
            long frameEnd = _frameEnd + CodecFrame.Samples;
            // The edges that happen during this frame, raised at their time on the "driver thread".
            while (next < edges.Count && edges[next].Micros < frameEnd * 125)
            {
                SetTime(edges[next].Micros);
                bool level = edges[next].High != _activeLow; // the files are active high; invert for an active-low pin
                Driver.SetInput(ShkPin, level ? PinValue.High : PinValue.Low);
                next++;
            }
            // The frame completes: the pump anchors, the service loop delivers then advances.
            SetTime(frameEnd * 125);
            TimeBase.Anchor(frameEnd);
            Hook.DeliverEdges(frameEnd);
            Decoder.Advance(frameEnd);
            _frameEnd = frameEnd;
        }
    }

    private void SetTime(long micros)
    {
        DateTimeOffset at = _start + TimeSpan.FromTicks(micros * 10);
        if (at > Time.GetUtcNow()) { Time.SetUtcNow(at); }
    }
}
