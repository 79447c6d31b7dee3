using System;
using Fxs.Core.Ivr;
using static Fxs.Core.Tests.Ivr.IvrDriver;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>TP-15 (timeouts, barge-in, on-hook), TP-6 (charge units) and rotary (dial-pulse) calls.</summary>
    public class IvrTimingTests
    {
        private const string Pw = "24682468";
        private const long Second = 8000;

        [Fact]
        public void TP15_FirstDigitTimeoutIs10sFromTheEndOfTheGuidance()
        {
            var d = new IvrDriver();
            d.Start();
            d.Advance(13000); // the menu (14 s) is still playing: no timer runs
            Assert.True(d.Ivr.IsPlaying);
            d.WaitForPrompt();
            long end = d.LastPromptFinishedAt;
            d.AdvanceSamples(end + 10 * Second - d.Now);
            Assert.Equal(0, d.DecisionCount); // exactly 10 s: still in time
            d.AdvanceSamples(1);
            Assert.Equal(IvrDecision.FirstDigitTimeout, d.Decisions[^1]);
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Menu));
            Assert.Equal(new[] { PromptId.UnitMenu }, d.LastSequence()); // replayed, no invalid-entry message
        }

        [Fact]
        public void TP15_AKeyAt9point99sIsInTime()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Advance(9990);
            d.Keys("1");
            Assert.Equal(IvrDecision.UnitLine, d.Decisions[^1]);
            Assert.Equal(0, d.Ivr.StrikesIn(IvrStep.Menu));
        }

        [Fact]
        public void TP15_InterDigitTimeoutIs5sBetweenKeys()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys("0300", gapMs: 0);
            long last = d.Now;
            d.AdvanceSamples(last + 5 * Second - d.Now);
            Assert.Equal(IvrState.NumberEntry, d.Ivr.State);
            Assert.Equal(4, d.Ivr.KeysInEntry);
            d.AdvanceSamples(1);
            Assert.Equal(IvrDecision.InterDigitTimeout, d.Decisions[^1]);
            Assert.Equal(new[] { PromptId.EnterPhoneNumber }, d.LastSequence());
            Assert.Equal(0, d.Ivr.KeysInEntry);
            // a new entry from scratch
            d.WaitForPrompt();
            d.Keys(Extra1 + "#", gapMs: 4900);
            Assert.Equal(IvrDecision.NumberAccepted, d.Decisions[^1]);
        }

        [Fact]
        public void TP15_TimeoutsInEveryStepAreWrongEntriesAndTheThirdEndsTheCall()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Advance(10010);
            d.WaitForPrompt();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys("03");
            d.Advance(5010);
            d.WaitForPrompt();
            d.Keys(Extra2 + "#");
            d.WaitForPrompt();
            d.Keys("1234567");
            d.Advance(5010);                                          // password, first entry
            Assert.Equal(ReadBack(Extra2Written, PromptId.SetPasswordForNumber), d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Advance(10010);                                         // confirmation: restarts the step
            Assert.Equal(IvrState.PasswordEntry, d.Ivr.State);
            Assert.Equal(2, d.Ivr.StrikesIn(IvrStep.Password));
            d.WaitForPrompt();
            d.Advance(10010);
            Assert.Equal(IvrDecision.TooManyErrors, d.Decisions[^1]);
            Assert.Equal(new[] { 1, 1, 3 }, new[] { d.Ivr.StrikesIn(0), d.Ivr.StrikesIn(1), d.Ivr.StrikesIn(2) });
            d.WaitForPrompt();
            Assert.Equal(IvrOutcome.Failed, d.Outcome);
            Assert.Equal(1, d.BusyTones);
        }

        [Fact]
        public void TP15_ATimeoutAlreadyDueWhenAKeyArrivesIsAppliedFirst()
        {
            // A board that ticks late: the key comes 12 s after the guidance, before any tick.
            var d = new IvrDriver();
            d.Start();
            d.Now += 14000 * 8;
            d.FinishPromptNow();
            d.Now += 12 * Second;
            d.Key('1');
            Assert.Equal(new[] { IvrDecision.FirstDigitTimeout, IvrDecision.BargeIn, IvrDecision.UnitLine }, d.Decisions.ToArray());
        }

        [Fact]
        public void TP15_AKeyDuringGuidanceStopsItAndIsTheEntrysFirstKey()
        {
            var d = new IvrDriver();
            d.Start();
            d.Advance(2000);
            d.Keys("2");
            Assert.Equal(new[] { "Play UnitMenu", "Stop", "Decision BargeIn 0 0", "Decision UnitPhoneNumber 0 0", "Play EnterPhoneNumber" }, d.Events.ToArray());
            d.Advance(1000);
            d.Keys(Extra1 + "#"); // barges into the number guidance
            Assert.Equal(ReadBack(Extra1Written, PromptId.SetPasswordForNumber), d.LastSequence());
            d.Advance(500);
            d.Keys(Pw); // into the read-back
            Assert.Equal(new[] { PromptId.ConfirmPassword }, d.LastSequence());
            d.Advance(100);
            d.Keys(Pw); // into the confirmation guidance
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(Pw, d.PasswordText);
            Assert.Equal(4, d.Stops);
        }

        [Fact]
        public void TP15_NoTimerRunsWhileGuidancePlays()
        {
            var d = new IvrDriver();
            d.PromptSpeedPercent = 500; // a 70 s menu
            d.Start();
            d.Advance(69000);
            Assert.Equal(0, d.DecisionCount);
            Assert.True(d.Ivr.IsPlaying);
        }

        public enum Point
        {
            MenuPlaying, MenuWaiting, MenuInvalidMessage, NumberPlaying, NumberPartial, ReadBackPlaying,
            PasswordPartial, ConfirmPlaying, ConfirmPartial, MismatchMessage,
        }

        [Theory]
        [InlineData(Point.MenuPlaying)]
        [InlineData(Point.MenuWaiting)]
        [InlineData(Point.MenuInvalidMessage)]
        [InlineData(Point.NumberPlaying)]
        [InlineData(Point.NumberPartial)]
        [InlineData(Point.ReadBackPlaying)]
        [InlineData(Point.PasswordPartial)]
        [InlineData(Point.ConfirmPlaying)]
        [InlineData(Point.ConfirmPartial)]
        [InlineData(Point.MismatchMessage)]
        public void TP15_OnHookBeforeTheSetAbandonsAndReportsNothing(Point point)
        {
            var d = new IvrDriver();
            d.Start();
            if (point != Point.MenuPlaying) { d.WaitForPrompt(); }
            if (point == Point.MenuInvalidMessage) { d.Keys("7"); }
            if (point >= Point.NumberPlaying) { d.Keys("2"); }
            if (point >= Point.NumberPartial) { d.WaitForPrompt(); d.Keys("03000"); }
            if (point >= Point.ReadBackPlaying) { d.Keys("02222#"); }
            if (point >= Point.PasswordPartial) { d.WaitForPrompt(); d.Keys("1234"); }
            if (point >= Point.ConfirmPlaying) { d.Keys("5678"); }
            if (point >= Point.ConfirmPartial) { d.WaitForPrompt(); d.Keys("1234"); }
            if (point >= Point.MismatchMessage) { d.Keys("0000"); Assert.Equal(IvrDecision.PasswordMismatch, d.Decisions[^1]); }
            bool playing = d.Ivr.IsPlaying;
            int before = d.Events.Count;
            d.HangUp();
            var expected = playing
                ? new[] { "Stop", "Decision Abandoned " + StepNow(point) + " " + StrikesNow(point), "Ended Abandoned" }
                : new[] { "Decision Abandoned " + StepNow(point) + " " + StrikesNow(point), "Ended Abandoned" };
            Assert.Equal(expected, d.Events.GetRange(before, d.Events.Count - before).ToArray());
            Assert.Equal(0, d.Sets);
            Assert.Equal(0, d.BusyTones);
            Assert.Equal(IvrState.Idle, d.Ivr.State);
            Assert.True(d.Ivr.BuffersCleared);
            int after = d.Events.Count;
            d.Keys("12345678");
            d.FinishPromptNow();
            d.Advance(30000);
            d.HangUp();
            Assert.Equal(after, d.Events.Count);
        }

        private static int StepNow(Point p)
        {
            return p <= Point.MenuInvalidMessage ? IvrStep.Menu : p <= Point.NumberPartial ? IvrStep.Number : IvrStep.Password;
        }

        private static int StrikesNow(Point p) { return p == Point.MenuInvalidMessage || p == Point.MismatchMessage ? 1 : 0; }

        [Fact]
        public void TP15_OnHookDuringTheClosingMessageEndsFailedWithoutBusyTone()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("7");
            d.Keys("7");
            d.Keys("7");
            Assert.Equal(IvrState.Closing, d.Ivr.State);
            int before = d.Events.Count;
            d.HangUp();
            Assert.Equal(new[] { "Stop", "Ended Failed" }, d.Events.GetRange(before, d.Events.Count - before).ToArray());
            Assert.Equal(0, d.Sets);
        }

        [Theory]
        [InlineData(179_900, 1)]
        [InlineData(180_000, 1)]
        [InlineData(180_100, 2)]
        [InlineData(359_999, 2)]
        [InlineData(360_001, 3)]
        public void TP6_ChargeUnitsAreThreeMinuteUnitsStarted(long durationMs, int units)
        {
            // The call ends for TP-6 at the match (the confirmation's 8th key). The menu is held
            // (no prompt finishes by itself) so that the rest of the call, measured by a dry run,
            // puts that key exactly durationMs after the start.
            var dry = new IvrDriver();
            dry.StartAndHearMenu();
            long restStart = dry.Now;
            KeyUpToTheMatch(dry);
            long rest = dry.Now - restStart;

            var d = new IvrDriver();
            d.Now = 123_456_789; // the line clock does not start with the call
            long start = d.Now;
            d.AutoFinish = false;
            d.Start();
            d.AdvanceSamples(start + durationMs * 8 - rest - d.Now);
            d.FinishPromptNow();
            d.AutoFinish = true;
            KeyUpToTheMatch(d);
            Assert.Equal(start + durationMs * 8, d.Now);
            d.Key(Pw[7]); // the match, exactly there
            Assert.Equal(IvrState.Completing, d.Ivr.State);
            Assert.Equal(1, d.Sets);
            Assert.Equal(start, d.SetStart);
            Assert.Equal(start + durationMs * 8, d.SetEnd);
            Assert.Equal(durationMs, d.SetDurationMs);
            Assert.Equal(units, d.SetChargeUnits);
        }

        private static void KeyUpToTheMatch(IvrDriver d)
        {
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw.Substring(0, 7));
        }

        [Theory]
        [InlineData(0, 1)]
        [InlineData(1, 1)]
        [InlineData(1_439_999, 1)]
        [InlineData(1_440_000, 1)]
        [InlineData(1_440_001, 2)]
        [InlineData(2_880_000, 2)]
        [InlineData(2_880_001, 3)]
        public void TP6_ChargeUnitsForDuration(long samples, int units)
        {
            Assert.Equal(units, TemporaryPasswordRecord.ChargeUnitsFor(samples));
        }

        [Fact]
        public void Rotary_AWholeCallByDialPulses()
        {
            // A rotary phone: every digit arrives by pulse, reported after its inter-digit pause,
            // roughly 1-2 s apart. No '#': the 5 s pause after 10 digits ends the number.
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2", 1500, DigitSource.Pulse);
            d.WaitForPrompt();
            d.Keys(Extra2, 1500, DigitSource.Pulse);
            Assert.Equal(IvrState.NumberEntry, d.Ivr.State);
            d.Advance(3510); // 5.01 s after the last digit
            Assert.Equal(new[] { IvrDecision.PulseNumberEnded, IvrDecision.NumberAccepted }, d.Decisions.GetRange(d.Decisions.Count - 2, 2).ToArray());
            Assert.Equal(0, d.Ivr.StrikesIn(IvrStep.Number));
            d.WaitForPrompt();
            d.Keys(Pw, 1500, DigitSource.Pulse);
            d.WaitForPrompt();
            d.Keys(Pw, 1500, DigitSource.Pulse);
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(Extra2, d.SetTarget);
            Assert.Equal(PasswordUnit.PhoneNumber, d.SetUnit);
            Assert.Equal(Pw, d.PasswordText);
        }

        [Fact]
        public void Rotary_APauseAfterFewerThanTenDigitsIsStillATimeout()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("3", 1500, DigitSource.Pulse);
            d.WaitForPrompt();
            d.Keys("030000222", 1500, DigitSource.Pulse);
            d.Advance(3510);
            Assert.Equal(IvrDecision.InterDigitTimeout, d.Decisions[^1]);
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Number));
        }

        [Fact]
        public void Rotary_APulsedNumberNotOfTheLineIsAWrongEntry()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2", 1500, DigitSource.Pulse);
            d.WaitForPrompt();
            d.Keys("0399999999", 1500, DigitSource.Pulse);
            d.Advance(3510);
            Assert.Equal(new[] { IvrDecision.PulseNumberEnded, IvrDecision.NumberNotOnLine }, d.Decisions.GetRange(d.Decisions.Count - 2, 2).ToArray());
            Assert.Equal(new[] { PromptId.InvalidEntry, PromptId.EnterPhoneNumber }, d.LastSequence());
        }

        [Fact]
        public void Dtmf_TenDigitsWithoutHashAreATimeoutNotANumber()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys(Extra1);
            d.Advance(5000);
            Assert.Equal(IvrDecision.InterDigitTimeout, d.Decisions[^1]);
        }

        [Fact]
        public void Rotary_APulsedPasswordNeedsNoTerminator()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1", 1200, DigitSource.Pulse);
            d.WaitForPrompt();
            d.Keys("00000000", 1900, DigitSource.Pulse); // '0' is ten pulses: the slowest digit
            Assert.Equal(IvrState.PasswordConfirm, d.Ivr.State);
        }
    }
}
