using System;
using System.Collections.Generic;
using System.Reflection;
using Fxs.Core.Ivr;
using static Fxs.Core.Tests.Ivr.IvrDriver;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>The password never shows, its buffers are zero after every call, and a call allocates nothing.</summary>
    public class IvrSecretTests
    {
        private const string Pw = "90817263";

        [Fact]
        public void SecretDigitsNeverShowTheirDigits()
        {
            var s = new SecretDigits(8);
            Assert.Equal("********", s.ToString());
            foreach (char c in Pw) { Assert.True(Invoke(s, "Append", c)); }
            Assert.False(Invoke(s, "Append", '1')); // full
            Assert.Equal("********", s.ToString());
            Assert.Equal("********", string.Format("{0}", s));
            Assert.Equal(8, s.Length);
            var dst = new byte[10];
            Assert.Equal(8, s.CopyTo(dst, 2));
            Assert.Equal(Pw, System.Text.Encoding.ASCII.GetString(dst, 2, 8));
            Assert.Throws<ArgumentOutOfRangeException>(() => s.CopyTo(new byte[7]));
            Assert.False(s.IsCleared);
            s.Clear();
            Assert.True(s.IsCleared);
            Assert.Equal(0, s.Length);
            Assert.All(RawBuffer(s), b => Assert.Equal(0, b));
        }

        [Fact]
        public void SecretDigitsTakeOnlyDigits()
        {
            var s = new SecretDigits(8);
            Assert.False(Invoke(s, "Append", '#'));
            Assert.False(Invoke(s, "Append", '*'));
            Assert.False(Invoke(s, "Append", 'A'));
            Assert.True(s.IsCleared);
        }

        public enum Ending { Set, SetThenHangUpDuringCompletion, Failed, AbandonedInConfirmation, AbandonedAfterMismatch, FailedOnMismatch }

        [Theory]
        [InlineData(Ending.Set)]
        [InlineData(Ending.SetThenHangUpDuringCompletion)]
        [InlineData(Ending.Failed)]
        [InlineData(Ending.AbandonedInConfirmation)]
        [InlineData(Ending.AbandonedAfterMismatch)]
        [InlineData(Ending.FailedOnMismatch)]
        public void EveryBufferThatHeldPasswordDigitsIsZeroAfterTheCall(Ending ending)
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Keys("2");
            d.WaitForPrompt();
            d.Keys(Extra1 + "#");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.WaitForPrompt();
            Assert.Contains(SecretBuffers(d.Ivr), b => !AllZero(b)); // the scan does see the first entry
            switch (ending)
            {
                case Ending.Set:
                    d.Keys(Pw);
                    d.WaitForPrompt();
                    Assert.Equal(IvrOutcome.Set, d.Outcome);
                    break;
                case Ending.SetThenHangUpDuringCompletion:
                    d.Keys(Pw);
                    Assert.Equal(IvrState.Completing, d.Ivr.State);
                    // Reported at the match: no buffer holds the digits while the completion guidance plays.
                    Assert.All(SecretBuffers(d.Ivr), b => Assert.True(AllZero(b)));
                    d.HangUp();
                    Assert.Equal(IvrOutcome.Set, d.Outcome);
                    break;
                case Ending.Failed:
                    d.Keys("1234");
                    d.Advance(5010);
                    d.WaitForPrompt();
                    d.Keys("1#");
                    d.WaitForPrompt();
                    d.Keys(Pw);
                    d.WaitForPrompt();
                    d.Keys("1");
                    d.Advance(5010);
                    Assert.Equal(IvrState.Closing, d.Ivr.State);
                    d.WaitForPrompt();
                    Assert.Equal(IvrOutcome.Failed, d.Outcome);
                    break;
                case Ending.AbandonedInConfirmation:
                    d.Keys("9081");
                    d.HangUp();
                    Assert.Equal(IvrOutcome.Abandoned, d.Outcome);
                    break;
                case Ending.AbandonedAfterMismatch:
                    d.Keys("11111111");
                    d.Keys("9081726");
                    d.HangUp();
                    Assert.Equal(IvrOutcome.Abandoned, d.Outcome);
                    break;
                case Ending.FailedOnMismatch:
                    for (int i = 0; i < 3; i++)
                    {
                        d.WaitForPrompt();
                        if (i > 0) { d.Keys(Pw); d.WaitForPrompt(); }
                        d.Keys("1111111" + i);
                    }
                    d.WaitForPrompt();
                    Assert.Equal(IvrOutcome.Failed, d.Outcome);
                    break;
            }
            var buffers = SecretBuffers(d.Ivr);
            Assert.True(buffers.Count >= 4, "expected the number buffer and three password holders, found " + buffers.Count);
            Assert.All(buffers, b => Assert.True(AllZero(b)));
            Assert.True(d.Ivr.BuffersCleared);
        }

        [Fact]
        public void TheRecordsPasswordIsClearedAsSoonAsTheListenerReturns()
        {
            SecretDigits? kept = null;
            var listener = new CapturingListener(r => kept = r.Password);
            var ivr = new TemporaryPasswordIvr(IvrDriver.Line(Contract), listener);
            ivr.Start(0, Access);
            ivr.Digit('1', DigitSource.Dtmf, 8000);
            foreach (char c in Pw) { ivr.Digit(c, DigitSource.Dtmf, 16000); }
            foreach (char c in Pw) { ivr.Digit(c, DigitSource.Dtmf, 24000); }
            ivr.PromptFinished(32000);
            Assert.Equal(Pw, listener.Seen);
            Assert.NotNull(kept);
            Assert.True(kept!.IsCleared);
            Assert.Equal(0, kept.Length);
        }

        [Fact]
        public void ACallAfterAWarmUpCallAllocatesNothing()
        {
            var d = new IvrDriver(log: false);
            WholeCall(d); // warm-up: JIT, statics
            WholeCall(d);
            long allocated = Allocations.During(() => WholeCall(d));
            Assert.Equal(0, allocated);
            Assert.Equal(3, d.Sets);
        }

        // A call through most paths: barge-in, invalid keys, a timeout, a mismatch, a pulse number, the set.
        private static void WholeCall(IvrDriver d)
        {
            d.Start();
            d.Advance(3000);
            d.Keys("9");
            d.Keys("2");
            d.WaitForPrompt();
            d.Advance(10010);
            d.WaitForPrompt();
            d.Keys("0312345678#");
            d.Advance(200);
            d.Keys(Extra1, 1200, DigitSource.Pulse);
            d.Advance(5000);
            d.WaitForPrompt();
            d.Keys(Pw + "#");
            d.WaitForPrompt();
            d.Keys("00000000");
            d.WaitForPrompt();
            d.Keys(Pw);
            d.Keys(Pw);
            d.Keys("123");
            d.WaitForPrompt();
            d.Advance(2000);
            d.HangUp();
        }

        [Fact]
        public void StartDuringACallIsRefusedAndAfterTheEndAllowed()
        {
            var d = new IvrDriver();
            d.Start();
            Assert.Throws<InvalidOperationException>(() => d.Start());
            d.HangUp();
            d.Start();
            d.WaitForPrompt();
            d.Keys("777");
            d.WaitForPrompt();
            Assert.Equal(IvrState.Finished, d.Ivr.State);
            d.Start(); // call control may reuse the IVR before reporting the on-hook
            Assert.Equal(IvrState.Menu, d.Ivr.State);
            Assert.Equal(0, d.Ivr.StrikesIn(IvrStep.Menu));
            Assert.Equal(IvrOutcome.None, d.Ivr.LastOutcome);
        }

        [Fact]
        public void InputsBeforeStartAreIgnored()
        {
            var d = new IvrDriver();
            d.Key('1');
            d.Ivr.PromptFinished(0);
            d.Ivr.Tick(1_000_000);
            d.HangUp();
            Assert.Empty(d.Events);
            Assert.Equal(IvrState.Idle, d.Ivr.State);
        }

        [Fact]
        public void APromptFinishedWhenNothingPlaysIsIgnored()
        {
            var d = new IvrDriver();
            d.StartAndHearMenu();
            d.Ivr.PromptFinished(d.Now + 70000); // stale or duplicate report: must not restart the timer
            d.Advance(10010);
            Assert.Equal(IvrDecision.FirstDigitTimeout, d.Decisions[^1]);
        }

        // ---- helpers ----

        /// <summary>Every char[] and byte[] held by the IVR and by the SecretDigits and record it holds.</summary>
        internal static List<Array> SecretBuffers(TemporaryPasswordIvr ivr)
        {
            var found = new List<Array>();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            Collect(ivr, found, seen);
            return found;
        }

        private static void Collect(object o, List<Array> found, HashSet<object> seen)
        {
            if (!seen.Add(o)) { return; }
            foreach (FieldInfo f in o.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                object? v = f.GetValue(o);
                if (v is char[] || v is byte[]) { found.Add((Array)v); }
                else if (v is SecretDigits || v is TemporaryPasswordRecord) { Collect(v, found, seen); }
            }
        }

        private static bool AllZero(Array a)
        {
            if (a is byte[] b) { foreach (byte x in b) { if (x != 0) { return false; } } }
            if (a is char[] c) { foreach (char x in c) { if (x != '\0') { return false; } } }
            return true;
        }

        private static byte[] RawBuffer(SecretDigits s)
        {
            return (byte[])typeof(SecretDigits).GetField("_digits", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(s)!;
        }

        private static bool Invoke(SecretDigits s, string method, char c)
        {
            return (bool)typeof(SecretDigits).GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(s, new object[] { c })!;
        }

        private sealed class CapturingListener : IIvrListener
        {
            private readonly Action<TemporaryPasswordRecord> _onSet;
            public string? Seen;

            public CapturingListener(Action<TemporaryPasswordRecord> onSet) { _onSet = onSet; }

            public void Play(PromptId[] sequence, int count) { }
            public void StopPlayback() { }
            public void PlayBusyTone() { }
            public void Decision(IvrDecision kind, int step, int strikes) { }
            public void Ended(IvrOutcome outcome) { }

            public bool PasswordSet(TemporaryPasswordRecord record)
            {
                var b = new byte[8];
                Seen = System.Text.Encoding.ASCII.GetString(b, 0, record.Password.CopyTo(b));
                _onSet(record);
                return true;
            }
        }
    }
}
