using System;
using System.Linq;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using static Fxs.Gateway.Tests.Call;

namespace Fxs.Gateway.Tests;

/// <summary>
/// TP-4, TP-7..TP-15 as whole calls on the sim board: the phone dials the access number and keys
/// through audio (DTMF through a 6 dB hybrid echo and the echo canceller) or dial pulses; what the
/// gateway did is judged by what it played (the prompts it started, audible) and reported.
/// </summary>
public class TemporaryPasswordCallTests
{
    private static void AssertAudible(Call c, int fromPrompt)
    {
        // Every prompt started from fromPrompt on put speech on the line: its first 400 ms (100 ms of
        // margin, then speech) are well above the line's −70 dBm0 noise. A group pause is silence.
        foreach (var (t, id) in c.Rec.Prompts.Skip(fromPrompt))
        {
            if (id == PromptId.GroupPause)
            {
                Assert.True(c.Rec.PlayedDbm0(t + 10 * 8, t + 390 * 8) < -60, "the group pause at " + t + " is not silent");
                continue;
            }
            double dbm0 = c.Rec.PlayedDbm0(t, t + 400 * 8);
            Assert.True(dbm0 > -40, id + " played at " + dbm0.ToString("F1") + " dBm0");
        }
    }

    private static void AssertBusyToneFollows(Call c)
    {
        Assert.Equal(CallProgressTone.Busy, c.Rec.Tones[^1].Tone);
        long start = c.Rec.Tones[^1].T;
        c.Phone.Wait(1200);
        double on = c.Rec.PlayedDbm0(start + 400, start + 3600);    // inside the first 0.5 s burst
        double off = c.Rec.PlayedDbm0(start + 4400, start + 7600);  // inside the 0.5 s pause
        Assert.InRange(on, -21.5, -18.5);
        Assert.True(off < -60, "busy pause at " + off);
        Assert.Equal(CallState.Busy, c.Control.State);
    }

    private static void AssertSetFor(Call c, PasswordUnit unit, string target, string access = East)
    {
        Assert.Equal(1, c.Sim.Sink.Count);
        Assert.Equal(unit, c.Sim.Sink.Unit);
        Assert.Equal(target, c.Sim.Sink.TargetNumber);
        Assert.Equal(access, c.Sim.Sink.AccessNumberDialed);
        Assert.Equal(c.Line.NotifyNumber, c.Sim.Sink.NotifyNumber);
        var pw = new byte[8];
        Assert.Equal(8, c.Sim.Sink.CopyPasswordForTest(pw));
        Assert.Equal(Pw, Encoding.ASCII.GetString(pw));
        Assert.Equal(1, c.Sim.Sink.ChargeUnits);
        Assert.Equal(IvrOutcome.Set, c.Rec.Outcomes.Single().Outcome);
        // No digit of the password ever reached the monitor.
        Assert.DoesNotContain(Pw, c.Rec.Transcript);
        Assert.True(c.Control.Ivr.BuffersCleared);
    }

    [Fact]
    public void TP4_TheEastAccessNumberByDtmfIsAnsweredLocallyWithTheMenu()
    {
        var c = new Call();
        c.DialAccess(East);
        Assert.Equal(new[] { East }, c.Rec.Routed);
        Assert.Contains(c.Rec.Line, e => e.Kind == LineEvent.RoutedToIvr);
        Assert.Empty(c.Sim.Outgoing.Numbers);
        c.Phone.Wait(1000);
        Assert.Equal(PromptId.UnitMenu, c.Rec.Prompts.Single().Id); // TP-7
        AssertAudible(c, 0);
        // The phone hears it too.
        var ear = new short[8000];
        c.Phone.CopyHeard(c.Rec.Prompts[0].T, ear, 0, ear.Length);
        Assert.True(Recorder.Dbm0(ear.ToList(), 800, 8000) > -40);
    }

    [Fact]
    public void TP4_TheWestAccessNumberIsAnsweredByTheSameIvrAndTheRecordSaysWhichWasDialed()
    {
        var c = new Call();
        c.DialAccess(West);
        c.Phone.Wait(2000);
        c.Keys("1");                 // barge-in, then every entry keyed over the guidance
        c.Phone.Wait(1500);
        c.Keys(Pw);
        c.Phone.Wait(1000);
        c.Keys(Pw);
        c.HearToTheEnd();
        AssertSetFor(c, PasswordUnit.Line, Contract, West);
    }

    [Fact]
    public void TP8_LineUnitReadsBackTheContractNumberSetsThePasswordThenBusyTone()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        int p = c.Rec.Prompts.Count;
        c.Keys("1");
        c.PasswordTwice();
        c.HearToTheEnd();
        Assert.Equal(ReadBack(ContractWritten, PromptId.SetPasswordForNumber).Append(PromptId.ConfirmPassword)
            .Concat(ReadBack(ContractWritten, PromptId.PasswordSet)), c.PromptsSince(p)); // TP-12
        AssertAudible(c, 0);
        AssertSetFor(c, PasswordUnit.Line, Contract);
        Assert.Equal(East + "1" + new string('x', 16), c.Rec.Keys.ToString()); // password keys masked
        AssertBusyToneFollows(c);
        c.HangUp();
        Assert.Equal(CallState.Idle, c.Control.State);
        Assert.Equal(CallProgressTone.None, c.Control.Tone);
    }

    [Fact]
    public void TP12_TheRecordIsHandedOverAtTheMatchBeforeTheCompletionGuidanceStarts()
    {
        var c = new Call();
        c.DialAccess();
        c.Phone.Wait(1000);
        c.Keys("1");
        c.Phone.Wait(500);
        c.Keys(Pw);
        c.Phone.Wait(500);
        c.Keys(Pw.Substring(0, 7));
        Assert.Equal(0, c.Sim.Sink.Count);
        c.Keys(Pw.Substring(7));
        Assert.Equal(1, c.Sim.Sink.Count);
        long setAt = c.Rec.Sets.Single().T;
        c.HearToTheEnd();
        long completionAt = c.Rec.Prompts.First(pr => pr.Id == PromptId.PasswordSet).T;
        long readBackAt = c.Rec.Prompts.Last(pr => pr.Id == PromptId.Digit0).T;
        Assert.True(setAt < readBackAt && readBackAt < completionAt);
        // The billed end is the match: the call's length up to it.
        Assert.Equal(c.Sim.Sink.CallEndSample, setAt);
        Assert.Equal((setAt - c.Sim.Sink.CallStartSample) / 8, c.Sim.Sink.DurationMs);
    }

    [Fact]
    public void TP9_PhoneNumberUnitTakesANumberOfTheLineEndedByHash()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        c.Keys("2");
        c.HearToTheEnd();
        Assert.Equal(PromptId.EnterPhoneNumber, c.Rec.Prompts[^1].Id);
        int p = c.Rec.Prompts.Count;
        c.Keys(Extra2 + "#");
        c.PasswordTwice();
        c.HearToTheEnd();
        Assert.Equal(ReadBack(Extra2Written, PromptId.SetPasswordForNumber).Append(PromptId.ConfirmPassword)
            .Concat(ReadBack(Extra2Written, PromptId.PasswordSet)), c.PromptsSince(p));
        AssertSetFor(c, PasswordUnit.PhoneNumber, Extra2);
        AssertBusyToneFollows(c);
    }

    [Fact]
    public void TP10_AdminUserUnitFromTheContractNumberAsksForTheNumber()
    {
        var c = new Call(notify: Contract);
        c.DialAccess();
        c.HearToTheEnd();
        c.Keys("3");
        c.HearToTheEnd();
        Assert.Equal(PromptId.EnterPhoneNumber, c.Rec.Prompts[^1].Id);
        c.Keys(Extra1 + "#");
        c.PasswordTwice();
        c.HearToTheEnd();
        AssertSetFor(c, PasswordUnit.AdminUser, Extra1);
    }

    [Fact]
    public void TP10_AdminUserUnitFromAnAdditionalNumberSetsItsPasswordWithoutAskingForANumber()
    {
        var c = new Call(notify: Extra2);
        c.DialAccess();
        c.HearToTheEnd();
        int p = c.Rec.Prompts.Count;
        c.Keys("3");
        c.PasswordTwice();
        c.HearToTheEnd();
        Assert.DoesNotContain(PromptId.EnterPhoneNumber, c.PromptsSince(p));
        Assert.Equal(ReadBack(Extra2Written, PromptId.SetPasswordForNumber), c.PromptsSince(p).Take(13));
        Assert.Equal(1, c.DecisionCount(IvrDecision.NotifyNumberUsed));
        AssertSetFor(c, PasswordUnit.AdminUser, Extra2);
    }

    [Fact]
    public void TP11_TP13_AMismatchedConfirmationIsAWrongEntryAndTheStepRestarts()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        c.Keys("1");
        c.HearToTheEnd();
        c.Keys(Pw);
        c.HearToTheEnd();
        int p = c.Rec.Prompts.Count;
        c.Keys("27182819");
        c.HearToTheEnd();
        Assert.Equal(1, c.DecisionCount(IvrDecision.PasswordMismatch));
        Assert.Equal(new[] { PromptId.InvalidEntry }.Concat(ReadBack(ContractWritten, PromptId.SetPasswordForNumber)), c.PromptsSince(p));
        c.Keys(Pw);
        c.HearToTheEnd();
        c.Keys(Pw);
        c.HearToTheEnd();
        AssertSetFor(c, PasswordUnit.Line, Contract);
        Assert.Equal(1, c.Sim.Sink.StrikesIn(IvrStep.Password));
    }

    [Fact]
    public void TP11_TP13_APasswordThatIsNotEightDigitsIsAWrongEntry()
    {
        var c = new Call();
        c.DialAccess();
        c.Phone.Wait(500);
        c.Keys("1");
        c.Phone.Wait(500);
        c.Keys("1234*");
        c.WaitUntil(() => c.DecisionCount(IvrDecision.PasswordMalformed) == 1, 1000);
        Assert.Equal(1, c.Control.Ivr.StrikesIn(IvrStep.Password));
    }

    [Fact]
    public void TP13_TP14_ThreeWrongEntriesEndTheCallWithTheClosingMessageAndTheBusyTone()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        c.Keys("9");
        c.WaitUntil(() => c.Rec.Prompts[^1].Id == PromptId.UnitMenu, 8000);
        Assert.Equal(PromptId.InvalidEntry, c.Rec.Prompts[^2].Id);
        c.Keys("0");                   // barges into the menu's replay
        c.Phone.Wait(2000);
        c.Keys("*");
        c.WaitUntil(() => c.Rec.Prompts[^1].Id == PromptId.TooManyErrors, 2000);
        c.HearToTheEnd();
        Assert.Equal(3, c.DecisionCount(IvrDecision.InvalidMenuKey));
        Assert.Equal(1, c.DecisionCount(IvrDecision.TooManyErrors));
        Assert.Equal(IvrOutcome.Failed, c.Rec.Outcomes.Single().Outcome);
        Assert.Equal(0, c.Sim.Sink.Count);
        AssertBusyToneFollows(c);
        c.Keys("1");                   // keys after the end are ignored
        Assert.Equal(CallState.Busy, c.Control.State);
    }

    [Fact]
    public void TP15_TimeoutsAreWrongEntriesAndReplayTheGuidance()
    {
        var c = new Call();
        c.DialAccess();
        c.HearToTheEnd();
        c.Phone.Wait(10_000);           // 10.3 s after the menu ended: first-key timeout
        c.WaitUntil(() => c.DecisionCount(IvrDecision.FirstDigitTimeout) == 1, 500);
        Assert.Equal(new[] { PromptId.UnitMenu, PromptId.UnitMenu }, c.Rec.PromptIds.ToArray()); // replayed, no "invalid"
        c.Phone.Wait(1000);
        c.Keys("1");
        c.HearToTheEnd();
        c.Keys("1234");
        c.Phone.Wait(5200);             // more than 5 s after the 4th key
        Assert.Equal(1, c.DecisionCount(IvrDecision.InterDigitTimeout));
        Assert.Equal(2, c.Control.Ivr.StrikesIn(IvrStep.Menu) + c.Control.Ivr.StrikesIn(IvrStep.Password));
        Assert.Equal(PromptId.Digit0, c.Rec.Prompts[^1].Id); // the read-back replays
        Assert.DoesNotContain(PromptId.InvalidEntry, c.Rec.PromptIds);
    }

    [Fact]
    public void TP15_KeysOverTheGuidanceStopItAndCountThroughTheEchoCanceller()
    {
        // Default sim line: 6 dB hybrid echo of the guidance at the receiver's input.
        var c = new Call();
        c.DialAccess();
        c.Phone.Wait(3000);
        c.Keys("1");
        c.WaitUntil(() => c.Rec.Stops.Count == 1, 500);
        Assert.Equal(IvrDecision.BargeIn, c.Rec.Decisions[0].Kind);
        Assert.Equal(IvrDecision.UnitLine, c.Rec.Decisions[1].Kind);
        c.Phone.Wait(1200);             // into the read-back
        c.Keys(Pw);
        c.Phone.Wait(1500);             // into the confirmation guidance
        c.Keys(Pw);
        c.HearToTheEnd();
        Assert.Equal(3, c.DecisionCount(IvrDecision.BargeIn));
        AssertSetFor(c, PasswordUnit.Line, Contract);
        Assert.True(c.Sim.Port.EchoCanceller.Transfers > 0);
    }

    [Fact]
    public void TP15_OnHookBeforeThePasswordIsSetAbandonsAndRelaysNothing()
    {
        var c = new Call();
        c.DialAccess();
        c.Phone.Wait(1000);
        c.Keys("1");
        c.Phone.Wait(1000);
        c.Keys(Pw);
        c.Phone.Wait(500);
        c.Keys("2718");                 // half the confirmation
        c.HangUp();
        Assert.Equal(IvrOutcome.Abandoned, c.Rec.Outcomes.Single().Outcome);
        Assert.Equal(1, c.DecisionCount(IvrDecision.Abandoned));
        Assert.Equal(0, c.Sim.Sink.Count);
        Assert.Empty(c.Rec.Sets);
        Assert.Equal(CallState.Idle, c.Control.State);
        Assert.Equal(IvrState.Idle, c.Control.Ivr.State);
        Assert.True(c.Control.Ivr.BuffersCleared);
        Assert.False(c.Control.Player.IsPlaying);
        Assert.True(c.Rec.PlayedDbm0(c.Now - 4000, c.Now) < -60); // silence on hook
    }

    [Fact]
    public void TP12_HangingUpDuringTheCompletionGuidanceKeepsThePasswordSet()
    {
        var c = new Call();
        c.DialAccess();
        c.Phone.Wait(1000);
        c.Keys("1");
        c.Phone.Wait(1000);
        c.Keys(Pw);
        c.Phone.Wait(500);
        c.Keys(Pw);
        c.Phone.Wait(1500);
        Assert.Equal(IvrState.Completing, c.Control.Ivr.State);
        c.HangUp();
        AssertSetFor(c, PasswordUnit.Line, Contract);
        Assert.Equal(CallState.Idle, c.Control.State);
    }

    [Fact]
    public void Rotary_ACallByDialPulsesSetsAPassword()
    {
        var c = new Call();
        c.OffHook(500);
        c.Phone.DialPulses(East, pps: 10);
        c.WaitUntil(() => c.Control.Player.IsPlaying, 2000);
        Assert.Equal(CallState.Ivr, c.Control.State);
        c.HearToTheEnd();
        c.Phone.DialPulses("2", pps: 10);
        c.HearToTheEnd();
        c.Phone.DialPulses(Extra1, pps: 20);
        c.Phone.Wait(5500);              // no '#' on a dial: the pause ends the number
        Assert.Equal(1, c.DecisionCount(IvrDecision.PulseNumberEnded));
        c.HearToTheEnd();
        c.Phone.DialPulses(Pw, pps: 10);
        c.HearToTheEnd();
        c.Phone.DialPulses(Pw, pps: 10);
        c.HearToTheEnd();
        AssertSetFor(c, PasswordUnit.PhoneNumber, Extra1);
        Assert.Equal(East + "2" + Extra1 + new string('x', 16), c.Rec.Keys.ToString());
        Assert.DoesNotContain("Dtmf", c.Rec.Transcript);
    }
}
