using System;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Hal.Sim.Tests;

public class SimDeterminismAndAllocationTests
{
    private static void Script(SimBoard board)
    {
        SimPhone phone = board.Phone;
        phone.OffHook();
        phone.Wait(300);
        phone.DialDtmf("0363044747", toneMs: 60, pauseMs: 60, levelDeciDbm0: -100, twistDeciDb: 20);
        phone.DialPulses("117", pps: 10);
        phone.DialPulses("110", pps: 20);
        phone.Flash(300);
        phone.Wait(500);
        phone.OnHook();
        phone.Wait(1500);
    }

    private static (ulong HeardHash, ulong EarHash, string Dtmf, string Pulses) Run(ulong seed)
    {
        var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions { Seed = seed, NoiseDeciDbm0 = -400, HookBounceToggles = 2 });
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        gateway.StopToneOnFirstDigit = true;
        Script(board);
        var ear = new short[board.Phone.HeardSamples];
        board.Phone.CopyHeard(0, ear, 0, ear.Length);
        ulong earHash = 14695981039346656037UL;
        foreach (short s in ear) { earHash = (earHash ^ (ushort)s) * 1099511628211UL; }
        return (gateway.HeardHash, earHash, gateway.Dtmf, gateway.Pulses);
    }

    [Fact]
    public void SameScriptAndSeedGiveIdenticalFrames()
    {
        var a = Run(42);
        var b = Run(42);
        Assert.Equal(a, b);
        Assert.Equal("0363044747", a.Dtmf);
        Assert.Equal("117110", a.Pulses);
        var c = Run(43);
        Assert.NotEqual(a.HeardHash, c.HeardHash); // the noise differs
        Assert.Equal(a.EarHash, c.EarHash);        // what the gateway played does not
    }

    [Fact]
    public void FramesAllocateNothingInSteadyState()
    {
        var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions { HookBounceToggles = 2 });
        var gateway = new Gateway(board);
        gateway.Tone.Start(CallProgressTone.Dial);
        Script(board); // warm-up: JIT, tiering, first-use statics
        Script(board);
        long framesBefore = board.Frames;
        long allocated = Allocations.During(() =>
        {
            Script(board);
            board.RunMs(10000);
        });
        Assert.True(board.Frames - framesBefore > 1500);
        Assert.Equal(3 * 10, gateway.DtmfCount);
        Assert.Equal(0, allocated);
    }
}
