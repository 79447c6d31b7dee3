using System;
using Fxs.Core.Ivr;
using static Fxs.Core.Tests.Ivr.IvrDriver;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>TP-7..TP-14 as scripted calls at the state-machine level (timing rules: IvrTimingTests).</summary>
    public class IvrFlowTests
    {
        private const string Pw = "12345678";

        [Fact]
        public void TP7_TheCallOpensWithTheUnitMenu()
        {
            var d = new IvrDriver();
            d.Start();
            Assert.Equal(new[] { PromptId.UnitMenu }, d.LastSequence());
            Assert.Equal(IvrState.Menu, d.Ivr.State);
            Assert.True(d.Ivr.IsPlaying);
        }

        [Fact]
        public void TP8_LineUnitReadsBackTheContractNumberAndSetsItsPassword()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            Assert.Equal(ReadBack(ContractWritten, PromptId.SetPasswordForNumber), d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Pw);
            Assert.Equal(new[] { PromptId.ConfirmPassword }, d.LastSequence()); // TP-11
            d.WaitForPrompt();
            long confirmStart = d.Now;
            d.Keys(Pw);
            long matchAt = confirmStart + 7 * 300 * 8; // the 8th key (300 ms apart)
            Assert.Equal(ReadBack(ContractWritten, PromptId.PasswordSet), d.LastSequence()); // TP-12
            Assert.Equal(1, d.Sets); // reported at the match, before the completion guidance
            int setAt = d.Events.IndexOf("Set");
            Assert.Equal("Play " + string.Join(",", ReadBack(ContractWritten, PromptId.PasswordSet)), d.Events[setAt + 1]);
            d.WaitForPrompt();

            Assert.Equal(1, d.Sets);
            Assert.Equal(PasswordUnit.Line, d.SetUnit);
            Assert.Equal(Contract, d.SetTarget);
            Assert.Equal(Contract, d.SetNotify);
            Assert.Equal(Access, d.SetAccess);
            Assert.Equal(Pw, d.PasswordText);
            Assert.Equal("********", d.PasswordToString);
            Assert.Equal(0, d.SetStart);
            Assert.Equal(matchAt, d.SetEnd); // the match, not the completion guidance's end
            Assert.Equal((d.SetEnd - d.SetStart) / 8, d.SetDurationMs);
            Assert.Equal(1, d.SetChargeUnits);
            Assert.Equal(new[] { 0, 0, 0 }, d.SetStrikes);
            Assert.Equal(1, d.Sets);
            Assert.Equal(new[] { "Busy", "Ended Set" }, d.Events.GetRange(d.Events.Count - 2, 2).ToArray());
            Assert.Equal(IvrState.Finished, d.Ivr.State);
            Assert.Equal(IvrOutcome.Set, d.Ivr.LastOutcome);
        }

        /// <summary>
        /// Issue #13 item 9: TP-8's read-back follows the number as written (Fxs.Core.Line.NumberGroups),
        /// a group pause at each hyphen, for every kind of national number; one without written groups
        /// is read as keyed.
        /// </summary>
        [Theory]
        [InlineData("0300001111", "03-0000-1111")]
        [InlineData("0664806430", "06-6480-6430")]
        [InlineData("0451234567", "045-123-4567")]
        [InlineData("0422123456", "0422-12-3456")]
        [InlineData("0499212345", "04992-1-2345")]
        [InlineData("09012345678", "090-1234-5678")]
        [InlineData("05012345678", "050-1234-5678")]
        [InlineData("0120123456", "0120-123-456")]
        [InlineData("08001234567", "0800-123-4567")]
        [InlineData("12345678", "12345678")]
        public void TP8_TP12_TheNumberIsReadBackAsWrittenWithAGroupPauseAtEachHyphen(string contract, string written)
        {
            var d = new IvrDriver(contract: contract);
            d.StartAndHearMenu();
            d.Keys("1");
            Assert.Equal(ReadBack(written, PromptId.SetPasswordForNumber), d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            Assert.Equal(ReadBack(written, PromptId.PasswordSet), d.LastSequence());
            Assert.Equal(contract, d.SetTarget);
        }

        [Theory]
        [InlineData(Contract, ContractWritten)]
        [InlineData(Extra1, Extra1Written)]
        [InlineData(Extra2, Extra2Written)]
        public void TP9_PhoneNumberUnitTakesAnyNumberOfTheLineEndedByHash(string number, string written)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            Assert.Equal(new[] { PromptId.EnterPhoneNumber }, d.LastSequence());
            d.WaitForPrompt();
            d.Keys(number + "#");
            Assert.Contains(IvrDecision.NumberAccepted, d.Decisions);
            Assert.Equal(ReadBack(written, PromptId.SetPasswordForNumber), d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            Assert.Equal(ReadBack(written, PromptId.PasswordSet), d.LastSequence());
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(PasswordUnit.PhoneNumber, d.SetUnit);
            Assert.Equal(number, d.SetTarget);
        }

        [Theory]
        [InlineData("0312345678#")]  // well formed, not on this line
        [InlineData("030000111#")]   // a prefix of the contract number
        [InlineData("03000011110#")] // the contract number and one more digit
        public void TP9_NumberNotOfThisLineIsAWrongEntry(string keys)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys(keys);
            Assert.Equal(IvrDecision.NumberNotOnLine, d.Decisions[^1]);
            Assert.Equal(new[] { PromptId.InvalidEntry, PromptId.EnterPhoneNumber }, d.LastSequence()); // TP-13
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Number));
            d.WaitForPrompt();
            d.Keys(Extra1 + "#");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            Assert.Equal(Extra1, d.SetTarget);
            Assert.Equal(new[] { 0, 1, 0 }, d.SetStrikes);
        }

        [Theory]
        [InlineData("#")]                 // no digit
        [InlineData("0300*")]             // digits only (TP-3): '*' is wrong at once
        [InlineData("03A")]
        [InlineData("0300001111000000")]  // a 16th digit is wrong at once
        public void TP9_MalformedNumberIsAWrongEntryAtOnce(string keys)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys(keys);
            Assert.Equal(IvrDecision.NumberMalformed, d.Decisions[^1]);
            Assert.Equal(new[] { PromptId.InvalidEntry, PromptId.EnterPhoneNumber }, d.LastSequence());
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Number));
            Assert.Equal(IvrState.NumberEntry, d.Ivr.State);
        }

        [Fact]
        public void TP12_APasswordTheSinkCouldNotKeepIsNotSetTheCallerHearsCannotSetNowAndTheCallFails()
        {
            var d = new IvrDriver { Durable = false }; // issue #12: a full disk
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            Assert.Equal(1, d.Sets); // handed over once, at the match
            Assert.Equal(new[] { PromptId.CannotSetNow }, d.LastSequence()); // never the completion
            Assert.Equal(IvrState.Closing, d.Ivr.State);
            Assert.Equal(IvrDecision.NotStored, d.Decisions[^1]);
            d.Keys("5");                                      // keys during the closing message are ignored
            Assert.Equal(new[] { PromptId.CannotSetNow }, d.LastSequence());
            d.WaitForPrompt();
            Assert.Equal(IvrOutcome.Failed, d.Outcome);
            Assert.Equal(1, d.BusyTones);
            Assert.True(d.Ivr.BuffersCleared);
            Assert.DoesNotContain(d.Events, e => e.Contains(nameof(PromptId.PasswordSet), StringComparison.Ordinal) && e.StartsWith("Play", StringComparison.Ordinal));
        }

        [Fact]
        public void TP14_AfterACannotSetNowCallTheNextCallClosesWithTooManyErrorsAgain()
        {
            var d = new IvrDriver { Durable = false };
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.HangUp();
            d.StartAndHearMenu();
            d.Keys("999");
            Assert.Equal(new[] { PromptId.TooManyErrors }, d.LastSequence());
        }

        [Fact]
        public void TP10_AdminUserUnitWithTheContractNumberAsNotifyAsksForTheNumber()
        {
            var d = new IvrDriver(notify: Contract);
            d.StartAndHearMenu();
            d.Keys("3");
            Assert.Equal(new[] { PromptId.EnterPhoneNumber }, d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Extra2 + "#");
            Assert.Equal(ReadBack(Extra2Written, PromptId.SetPasswordForNumber), d.LastSequence());
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            Assert.Equal(PasswordUnit.AdminUser, d.SetUnit);
            Assert.Equal(Extra2, d.SetTarget);
            Assert.Equal(Contract, d.SetNotify);
        }

        [Fact]
        public void TP10_AdminUserUnitWithAnAdditionalNumberAsNotifySkipsTheNumberStep()
        {
            var d = new IvrDriver(notify: Extra1);
            d.StartAndHearMenu();
            d.Keys("3");
            Assert.Equal(new[] { IvrDecision.UnitAdminUser, IvrDecision.NotifyNumberUsed }, d.Decisions.ToArray());
            Assert.Equal(ReadBack(Extra1Written, PromptId.SetPasswordForNumber), d.LastSequence());
            Assert.Equal(IvrState.PasswordEntry, d.Ivr.State);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            Assert.Equal(PasswordUnit.AdminUser, d.SetUnit);
            Assert.Equal(Extra1, d.SetTarget);
            Assert.Equal(Extra1, d.SetNotify);
        }

        [Fact]
        public void TP10_NotifyNumberDoesNotChangeUnits1And2()
        {
            var d = new IvrDriver(notify: Extra1);
            d.GoodCall('1', null, Pw);
            Assert.Equal(Contract, d.SetTarget);
            d.HangUp();
            d.GoodCall('2', Extra2, Pw);
            Assert.Equal(Extra2, d.SetTarget);
        }

        [Theory]
        [InlineData("12345#")]  // '#' before the 8th digit
        [InlineData("1234567*")]
        [InlineData("#")]       // as the very first key
        [InlineData("123A")]
        public void TP11_APasswordIsExactlyEightDigits(string keys)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(keys);
            Assert.Equal(IvrDecision.PasswordMalformed, d.Decisions[^1]);
            Assert.Equal(ReadBack(ContractWritten, PromptId.SetPasswordForNumber, afterInvalid: true), d.LastSequence());
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Password));
            Assert.Equal(IvrState.PasswordEntry, d.Ivr.State);
        }

        [Fact]
        public void TP11_TheEighthDigitEndsTheEntryAndANinthIsTheConfirmationsFirst()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw + "1"); // the 9th key barges into the confirmation guidance
            Assert.Equal(IvrState.PasswordConfirm, d.Ivr.State);
            Assert.Equal(1, d.Ivr.KeysInEntry);
            Assert.Contains(IvrDecision.BargeIn, d.Decisions);
            d.Keys("2345678");
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(Pw, d.PasswordText);
        }

        [Fact]
        public void TP11_AHashAfterTheEighthDigitIsIgnored()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw + "#");
            Assert.Equal(IvrDecision.TerminatorIgnored, d.Decisions[^1]);
            Assert.True(d.Ivr.IsPlaying); // the confirmation guidance goes on
            Assert.Equal(0, d.Ivr.KeysInEntry);
            d.WaitForPrompt();
            d.Keys(Pw + "#"); // '#' during the completion guidance: ignored too
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(new[] { 0, 0, 0 }, d.SetStrikes);
        }

        [Fact]
        public void TP11_AHashAfterTheMenuKeyOrTheNumberIsIgnoredButNotASecondOne()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2#");
            Assert.Equal(IvrDecision.TerminatorIgnored, d.Decisions[^1]);
            d.WaitForPrompt();
            d.Keys(Extra1 + "##");
            // first '#' ends the number, second is ignored during the read-back
            Assert.Equal(new[] { IvrDecision.NumberAccepted, IvrDecision.TerminatorIgnored }, d.Decisions.GetRange(d.Decisions.Count - 2, 2).ToArray());
            d.Keys("#"); // a second '#' in the same guidance barges in: a malformed password
            Assert.Equal(IvrDecision.PasswordMalformed, d.Decisions[^1]);
        }

        [Fact]
        public void TP12_CompletionGuidanceThenBusyToneAndKeysAreIgnoredMeanwhile()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            Assert.Equal(IvrState.Completing, d.Ivr.State);
            int events = d.Events.Count;
            d.Keys("1234*#");
            Assert.Equal(events, d.Events.Count);
            d.WaitForPrompt();
            Assert.Equal(new[] { "Busy", "Ended Set" }, d.Events.GetRange(events, 2).ToArray());
            events = d.Events.Count;
            d.Keys("1");
            d.Advance(30000);
            d.HangUp();
            Assert.Equal(events, d.Events.Count); // nothing after Ended
            Assert.Equal(IvrState.Idle, d.Ivr.State);
        }

        [Fact]
        public void TP12_HangingUpDuringTheCompletionGuidanceStillSetsThePassword()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            long confirmStart = d.Now;
            d.Keys(Pw);
            Assert.Equal(1, d.Sets);
            d.Advance(1000);
            d.HangUp();
            Assert.Equal(new[] { "Stop", "Ended Set" }, d.Events.GetRange(d.Events.Count - 2, 2).ToArray());
            Assert.Equal(1, d.Sets); // not reported twice
            Assert.Equal(confirmStart + 7 * 300 * 8, d.SetEnd); // the match, not the hang-up
            Assert.Equal(0, d.BusyTones);
            Assert.Equal(IvrState.Idle, d.Ivr.State);
        }

        [Theory]
        [InlineData('0')]
        [InlineData('4')]
        [InlineData('5')]
        [InlineData('9')]
        [InlineData('*')]
        [InlineData('#')]
        [InlineData('A')]
        [InlineData('D')]
        public void TP13_AMenuKeyOtherThan123IsAWrongEntry(char key)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys(key.ToString());
            Assert.Equal(IvrDecision.InvalidMenuKey, d.Decisions[^1]);
            Assert.Equal(new[] { PromptId.InvalidEntry, PromptId.UnitMenu }, d.LastSequence());
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Menu));
            Assert.Equal(IvrState.Menu, d.Ivr.State);
        }

        [Fact]
        public void TP13_KeysDuringTheInvalidEntryMessageBargeIn()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys("0399#", gapMs: 100);
            Assert.Equal(new[] { PromptId.InvalidEntry, PromptId.EnterPhoneNumber }, d.LastSequence());
            d.Advance(1000); // within the invalid-entry message
            d.Keys(Extra1 + "#", gapMs: 100);
            Assert.Equal(
                new[] { IvrDecision.NumberNotOnLine, IvrDecision.BargeIn, IvrDecision.NumberAccepted },
                d.Decisions.GetRange(d.Decisions.Count - 3, 3).ToArray());
            Assert.Equal(1, d.Ivr.StrikesIn(IvrStep.Number)); // the refused number only
        }

        [Fact]
        public void TP14_ThreeWrongMenuKeysEndTheCall()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("9");
            d.WaitForPrompt();
            d.Keys("8");
            d.WaitForPrompt();
            d.Keys("7");
            AssertFailed(d, IvrStep.Menu);
        }

        [Fact]
        public void TP14_ThreeWrongNumbersEndTheCall()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys("0312345678#");
            d.WaitForPrompt();
            d.Keys("#");
            d.WaitForPrompt();
            d.Keys("0312345678#");
            AssertFailed(d, IvrStep.Number);
        }

        [Fact]
        public void TP14_ThreeWrongPasswordsEndTheCall()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys("123#");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys("87654321"); // mismatch: second wrong entry of the same step
            Assert.Equal(IvrDecision.PasswordMismatch, d.Decisions[^1]);
            Assert.Equal(2, d.Ivr.StrikesIn(IvrStep.Password));
            d.WaitForPrompt();
            d.Keys("1*");
            AssertFailed(d, IvrStep.Password);
        }

        [Fact]
        public void TP14_ThreeMismatchesEndTheCall()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            for (int i = 0; i < 3; i++)
            {
                d.WaitForPrompt();
                d.Keys(Pw);
                d.WaitForPrompt();
                d.Keys("1234567" + i);
            }
            AssertFailed(d, IvrStep.Password);
        }

        [Fact]
        public void TP14_AMismatchRestartsThePasswordStepFromItsFirstEntry()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("1");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys("12345679");
            Assert.Equal(IvrDecision.PasswordMismatch, d.Decisions[^1]);
            Assert.Equal(ReadBack(ContractWritten, PromptId.SetPasswordForNumber, afterInvalid: true), d.LastSequence());
            Assert.Equal(IvrState.PasswordEntry, d.Ivr.State);
            d.WaitForPrompt();
            d.Keys("12345679"); // the second entry of the last round is a new first entry now
            d.WaitForPrompt();
            d.Keys("12345679");
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal("12345679", d.PasswordText);
            Assert.Equal(new[] { 0, 0, 1 }, d.SetStrikes);
        }

        [Fact]
        public void TP14_StrikesAreCountedPerStep()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("0");
            d.WaitForPrompt();
            d.Keys("4");
            d.WaitForPrompt();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys("#");
            d.WaitForPrompt();
            d.Keys("0399999999#");
            d.WaitForPrompt();
            d.Keys(Extra1 + "#");
            d.WaitForPrompt();
            d.Keys("1#");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys("00000000");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            Assert.Equal(1, d.Sets);
            Assert.Equal(new[] { 2, 2, 2 }, d.SetStrikes);
            Assert.Equal(2, d.MaxStrikesReported);
        }

        private static void AssertFailed(IvrDriver d, int step)
        {
            Assert.Equal(new[] { IvrDecision.TooManyErrors }, new[] { d.Decisions[^1] });
            Assert.Equal(3, d.Ivr.StrikesIn(step));
            Assert.Equal(new[] { PromptId.TooManyErrors }, d.LastSequence());
            Assert.Equal(IvrState.Closing, d.Ivr.State);
            int events = d.Events.Count;
            d.Keys("1234"); // ignored during the closing message
            Assert.Equal(events, d.Events.Count);
            d.WaitForPrompt();
            Assert.Equal(new[] { "Busy", "Ended Failed" }, d.Events.GetRange(events, 2).ToArray());
            Assert.Equal(0, d.Sets);
            Assert.Equal(IvrState.Finished, d.Ivr.State);
            Assert.True(d.Ivr.BuffersCleared);
        }
    }
}
