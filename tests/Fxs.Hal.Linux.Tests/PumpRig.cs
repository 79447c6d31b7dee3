using System;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

/// <summary>A pump on two simulated devices, stepped by hand on the test thread (no pump threads).</summary>
internal sealed class PumpRig
{
    public readonly FakeTimeProvider Time = new();
    public readonly SimulatedPcmDevice Capture = new(SimulatedPcmMode.Blocking) { BlockTimeout = TimeSpan.Zero };
    public readonly SimulatedPcmDevice Playback = new(SimulatedPcmMode.Blocking) { BlockTimeout = TimeSpan.Zero };
    public readonly TestLogger Log = new();
    public readonly LineTimeBase TimeBase;
    public readonly PcmFramePump Pump;
    public readonly PcmCodecPort Port;

    public PumpRig(CodecEncoding encoding = CodecEncoding.Linear16, int periodFrames = 2, int bufferPeriods = 4)
    {
        TimeBase = new LineTimeBase(Time);
        Pump = new PcmFramePump(Capture, Playback, encoding, periodFrames, bufferPeriods, TimeBase, Log);
        Port = new PcmCodecPort(Pump);
        Pump.Open();
    }

    /// <summary>Supplies samples base, base+1, ... (a ramp, so any loss or reorder shows).</summary>
    public void SupplyRamp(int start, int count)
    {
        var samples = new short[count];
        for (int i = 0; i < count; i++) { samples[i] = (short)(start + i); }
        Capture.SupplyCapture(samples);
    }

    /// <summary>Admits and reads the next heard frame; null when none.</summary>
    public CodecFrame? NextHeard()
    {
        if (!Port.WaitHeard(TimeSpan.Zero)) { return null; }
        var frame = new CodecFrame();
        Assert.True(Port.ReadHeard(frame));
        return frame;
    }
}
