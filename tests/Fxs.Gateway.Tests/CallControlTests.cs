using System;
using System.Linq;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using static Fxs.Gateway.Tests.Call;
using Fxs.Host.Sim;

namespace Fxs.Gateway.Tests;

/// <summary>Call control on the sim line: dial tone, the dial plan, routing, timeouts, flash, on-hook; and the frame path's allocations.</summary>
public class CallControlTests
{
    private static double EarDbm0(Call c, long from, int ms)
    {
        var ear = new short[ms * 8];
        int n = c.Phone.CopyHeard(from, ear, 0, ear.Length);
        return Recorder.Dbm0(ear.ToList(), 0, n);
    }

    [Fact]
    public void DialToneFromOffHookUntilTheFirstKey()
    {
        var c = new Call();
        c.OffHook(1000);
        long offHookAt = c.Rec.Line.Single(e => e.Kind == LineEvent.OffHook).T;
        Assert.Equal(CallProgressTone.Dial, c.Rec.Tones[0].Tone);
        Assert.InRange(EarDbm0(c, offHookAt + 400, 500), -21, -19);  // 400 Hz at −20 dBm0, continuous
        long keyAt = c.Now;
        c.Keys("0");
        long stoppedAt = c.Rec.Line.Single(e => e.Kind == LineEvent.DialToneStopped).T;
        Assert.InRange(stoppedAt - keyAt, 1, 60 * 8);                  // within the key's first 60 ms
        c.Phone.Wait(500);
        Assert.True(EarDbm0(c, stoppedAt + 80, 400) < -60);           // then silence
        Assert.Equal(CallState.Dialing, c.Control.State);
    }

    [Fact]
    public void TheFirstBreakOfADialPulseTrainStopsTheDialTone()
    {
        var c = new Call();
        c.OffHook(500);
        long dialAt = c.Now;
        c.Phone.DialPulses("9", pps: 10);
        long stoppedAt = c.Rec.Line.Single(e => e.Kind == LineEvent.DialToneStopped).T;
        Assert.InRange(stoppedAt - dialAt, 1, 100 * 8);                // at the first break, not after the train
        Assert.Equal("9", c.Rec.Keys.ToString());
    }

    [Theory]
    [InlineData("0312345678")]    // fixed line, 10 digits
    [InlineData("09012345678")]   // mobile, 11
    [InlineData("05012345678")]   // IP phone, 11
    [InlineData("0120123456")]    // free dial, 10
    [InlineData("08001234567")]   // free dial 0800, 11
    [InlineData("117")]           // special, 3
    [InlineData("1840312345678")] // caller-ID prefix + number
    public void ACompleteNumberGoesToTheVoiceStackAtOnceAndTheSimPlaysBusy(string number)
    {
        var c = new Call();
        c.OffHook();
        c.Keys(number);
        Assert.Equal(new[] { number }, c.Sim.Outgoing.Numbers);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.OutgoingRefused);
        Assert.Equal(CallState.Busy, c.Control.State);
        long busyAt = c.Rec.Tones[^1].T;
        Assert.Equal(CallProgressTone.Busy, c.Rec.Tones[^1].Tone);
        c.Phone.Wait(1500);
        Assert.InRange(EarDbm0(c, busyAt + 50, 400), -21, -19);        // on
        Assert.True(EarDbm0(c, busyAt + 4050, 400) < -60);            // off
        Assert.Empty(c.Rec.Prompts);
        c.HangUp();
        Assert.Equal(CallState.Idle, c.Control.State);
    }

    [Fact]
    public void ARotaryPhoneCanPlaceACallToo()
    {
        var c = new Call();
        c.OffHook();
        c.Phone.DialPulses("0312345678", pps: 20);
        c.Phone.Wait(300);
        Assert.Equal(new[] { "0312345678" }, c.Sim.Outgoing.Numbers);
    }

    [Fact]
    public void AnOpenLengthNumberEndsByTheInterDigitTimeoutOrByHash()
    {
        var c = new Call();
        c.OffHook();
        c.Keys("2345");
        c.Phone.Wait(4500);
        Assert.Empty(c.Sim.Outgoing.Numbers);
        c.Phone.Wait(1000);
        Assert.Equal(new[] { "2345" }, c.Sim.Outgoing.Numbers);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.NumberEndedByTimeout);
        c.HangUp();

        c.OffHook();
        c.Keys("0101234567#");
        Assert.Equal("0101234567", c.Sim.Outgoing.Numbers[^1]);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.NumberEndedByHash);
    }

    [Fact]
    public void APartialNumberOrAnUnknownPrefixIsRefusedWithTheBusyTone()
    {
        var c = new Call();
        c.OffHook();
        c.Keys("0312");
        c.Phone.Wait(5500);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.PartialDial);
        Assert.Equal(CallState.Busy, c.Control.State);
        c.HangUp();
        c.OffHook();
        c.Keys("104");
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.InvalidNumber);
        Assert.Empty(c.Sim.Outgoing.Numbers);
        Assert.Equal(CallProgressTone.Busy, c.Control.Tone);
    }

    [Fact]
    public void NoKeyWithinTenSecondsOfOffHookGivesTheBusyTone()
    {
        var c = new Call();
        c.OffHook(9800);
        Assert.Equal(CallState.DialTone, c.Control.State);
        c.Phone.Wait(400);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.FirstDigitTimeout);
        Assert.Equal(CallProgressTone.Busy, c.Control.Tone);
    }

    [Fact]
    public void AHookFlashIsIgnoredWhileDialingAndInTheIvr()
    {
        var c = new Call();
        c.OffHook();
        c.Keys("03");
        c.Phone.Flash(300);
        c.Phone.Wait(300);
        c.Keys("63044747");
        Assert.Equal(CallState.Ivr, c.Control.State);
        c.Phone.Wait(1000);
        c.Phone.Flash(400);
        c.Phone.Wait(500);
        Assert.Equal(2, c.Rec.Line.Count(e => e.Kind == LineEvent.FlashIgnored));
        Assert.Equal(IvrState.Menu, c.Control.Ivr.State);
        Assert.Empty(c.Rec.Outcomes);
    }

    [Fact]
    public void OnHookWhileDialingReturnsToIdleAndTheNextOffHookGivesDialToneAgain()
    {
        var c = new Call();
        c.OffHook();
        c.Keys("0363");
        c.HangUp();
        Assert.Equal(CallState.Idle, c.Control.State);
        Assert.Equal(0, c.Control.DialedLength);
        c.OffHook();
        Assert.Equal(CallState.DialTone, c.Control.State);
        c.Keys(East);
        Assert.Equal(CallState.Ivr, c.Control.State);  // the earlier keys are gone
    }

    [Fact]
    public void AWholeIvrCallAllocatesNothingPerFrameInSteadyState()
    {
        var line = new LineConfiguration(Contract, new[] { Extra1 }, Contract, ServiceArea.East);
        var sim = new SimGateway(line); // no monitor
        void Script()
        {
            SimPhone p = sim.Phone;
            p.OffHook();
            p.Wait(300);
            p.DialDtmf(East, 80, 150);
            p.Wait(2000);
            p.DialDtmf("1", 80, 150);        // barge-in
            p.Wait(1500);
            p.DialDtmf(Pw, 80, 150);
            p.Wait(1000);
            p.DialDtmf("9", 80, 150);        // a wrong confirmation: invalid entry, strike
            p.Wait(6000);                    // inter-digit timeout, replays
            p.DialDtmf(Pw, 80, 150);
            p.Wait(1000);
            p.DialDtmf(Pw, 80, 150);
            p.Wait(14000);                   // completion guidance, busy tone
            p.OnHook();
            p.Wait(1500);
        }
        Script();                             // warm-up: JIT, tiering, first-use statics
        Script();
        long frames = sim.Board.Frames;
        long allocated = Allocations.During(Script);
        Assert.Equal(3, sim.Sink.Count);
        Assert.True(sim.Board.Frames - frames > 2500);
        Assert.Equal(0, allocated);
    }
}
