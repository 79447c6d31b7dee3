using System;
using System.Text;
using Fxs.Core.Ivr;
using Xunit.Abstractions;
using static Fxs.Core.Tests.Ivr.IvrDriver;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>
    /// A property test without FsCheck: thousands of seeded random calls (keys, key macros,
    /// pauses, prompt lengths, tick rates, spurious prompt reports, hang-ups, rotary phones) on
    /// reused IVRs, checking at every report: no exception; a password is reported only when the
    /// keys before the confirmation were that password twice in a row (an ignored '#' between
    /// them allowed); never more than 3 wrong entries in a step; one Ended per call, nothing after
    /// it or after an abandon; Ended(Set) if and only if one PasswordSet; buffers zero at the end.
    /// A failure names the seed and call and prints the call's trace.
    /// </summary>
    public class IvrPropertyTests
    {
        private const int Calls = 6000;
        private static readonly string[] Notify = { Contract, Extra1, Extra2 };
        private static readonly string[] Passwords = { "12345678", "87654321", "12345670", "00000000" };

        private readonly ITestOutputHelper _output;

        public IvrPropertyTests(ITestOutputHelper output) { _output = output; }

        [Theory]
        [InlineData(1)]
        [InlineData(20251125)]
        public void RandomCallsKeepTheInvariants(int seed)
        {
            var rng = new Random(seed);
            var harnesses = new Harness[Notify.Length];
            for (int i = 0; i < Notify.Length; i++) { harnesses[i] = new Harness(Notify[i], rng); }
            var outcomes = new int[4];
            int pulseEnded = 0, mismatches = 0, terminators = 0, thirdStrikes = 0;
            long now = 0;
            for (int call = 0; call < Calls; call++)
            {
                Harness h = harnesses[rng.Next(harnesses.Length)];
                h.Now = now;
                try
                {
                    h.RunCall();
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed} call {call}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}\ntrace:\n{h.Trace}");
                }
                now = h.Now + 8000;
                outcomes[(int)h.Outcome]++;
                pulseEnded += h.Seen(IvrDecision.PulseNumberEnded);
                mismatches += h.Seen(IvrDecision.PasswordMismatch);
                terminators += h.Seen(IvrDecision.TerminatorIgnored);
                thirdStrikes += h.Seen(IvrDecision.TooManyErrors);
            }
            _output.WriteLine($"seed {seed}: {Calls} calls, set {outcomes[1]}, failed {outcomes[2]}, abandoned {outcomes[3]}; "
                + $"pulse-ended numbers {pulseEnded}, mismatches {mismatches}, ignored '#' {terminators}, third strikes {thirdStrikes}");
            // The generator reaches every ending and the rarer paths.
            Assert.True(outcomes[(int)IvrOutcome.Set] > 50, "sets: " + outcomes[(int)IvrOutcome.Set]);
            Assert.True(outcomes[(int)IvrOutcome.Failed] > 50, "failed: " + outcomes[(int)IvrOutcome.Failed]);
            Assert.True(outcomes[(int)IvrOutcome.Abandoned] > 50, "abandoned: " + outcomes[(int)IvrOutcome.Abandoned]);
            Assert.True(pulseEnded > 10, "pulse-ended numbers: " + pulseEnded);
            Assert.True(mismatches > 50, "mismatches: " + mismatches);
            Assert.True(terminators > 10, "ignored '#': " + terminators);
            Assert.True(thirdStrikes > 50, "third strikes: " + thirdStrikes);
        }

        private sealed class Harness : IIvrListener
        {
            private readonly Random _rng;
            private readonly string _notify;
            private readonly TemporaryPasswordIvr _ivr;
            private readonly StringBuilder _keys = new StringBuilder();
            private readonly int[] _strikes = new int[IvrStep.Count];
            private readonly int[] _seen = new int[32];
            private readonly byte[] _password = new byte[16];
            private bool _playing;
            private long _playEnd;
            private bool _inCall;       // reports are allowed
            private int _confirmedAt;   // _keys.Length at PasswordConfirmed, or -1
            private int _sets;
            private int _tickMs;
            private bool _rotary;
            private string _callPassword = "";

            public Harness(string notify, Random rng)
            {
                _rng = rng;
                _notify = notify;
                _ivr = new TemporaryPasswordIvr(IvrDriver.Line(notify), this);
            }

            public long Now;
            public IvrOutcome Outcome;
            public StringBuilder Trace = new StringBuilder();

            public int Seen(IvrDecision kind) { return _seen[(int)kind]; }

            public void RunCall()
            {
                _keys.Clear();
                Trace.Clear();
                Array.Clear(_strikes);
                Array.Clear(_seen);
                _confirmedAt = -1;
                _sets = 0;
                Outcome = IvrOutcome.None;
                _playing = false;
                _inCall = true;
                _rotary = _rng.Next(5) == 0;
                int[] ticks = { 10, 10, 10, 40, 250, 2000 };
                _tickMs = ticks[_rng.Next(ticks.Length)];
                _callPassword = Passwords[_rng.Next(Passwords.Length)];
                Trace.Append($"notify {_notify} rotary {_rotary} tick {_tickMs} ms\n");
                _ivr.Start(Now, Access);

                int actions = 10 + _rng.Next(60);
                for (int a = 0; a < actions; a++)
                {
                    int r = _rng.Next(100);
                    if (r < 30) { Key(RandomKey()); Advance(Gap()); }
                    else if (r < 58) { Macro(); }
                    else if (r < 88) { Advance(Pause()); }
                    else if (r < 92) { Trace.Append("spurious PromptFinished\n"); _ivr.PromptFinished(Now); }
                    else if (r < 97) { if (_playing) { Trace.Append("finish now\n"); _playing = false; _ivr.PromptFinished(Now); } }
                    else { HangUp(); }
                    CheckState();
                    if (_ivr.State == IvrState.Idle) { break; }
                }
                if (_ivr.State != IvrState.Idle) { HangUp(); }
                if (Outcome == IvrOutcome.None) { Fail("call over without Ended"); }
                // After the end: nothing may be reported.
                _inCall = false;
                for (int a = 0; a < 5; a++)
                {
                    Key(RandomKey());
                    _ivr.PromptFinished(Now);
                    Advance(Pause());
                    _ivr.OnHook(Now);
                }
            }

            private void HangUp()
            {
                Trace.Append($"{Now / 8} ms on-hook\n");
                _playing = false;
                _ivr.OnHook(Now);
            }

            private char RandomKey()
            {
                if (_rotary) { return (char)('0' + _rng.Next(10)); }
                const string others = "*#ABCD";
                return _rng.Next(10) < 7 ? (char)('0' + _rng.Next(10)) : others[_rng.Next(others.Length)];
            }

            private void Macro()
            {
                string keys;
                switch (_rng.Next(8))
                {
                    case 0: keys = "123"[_rng.Next(3)].ToString(); break;
                    case 1: keys = new[] { Contract, Extra1, Extra2, "0399999999" }[_rng.Next(4)] + (_rotary ? "" : "#"); break;
                    case 2: keys = _callPassword + (_rng.Next(4) == 0 && !_rotary ? "#" : ""); break;
                    case 3: keys = _callPassword; break;
                    case 4: keys = _callPassword + _callPassword; break;
                    case 5: keys = Passwords[_rng.Next(Passwords.Length)]; break;
                    case 6: keys = _callPassword.Substring(0, 1 + _rng.Next(7)); break;
                    default: keys = _rng.Next(2) == 0 ? "1" : "2"; break;
                }
                int[] gaps = { 0, 100, 300, 1500, 4900, 5100 };
                int gap = gaps[_rng.Next(gaps.Length)];
                foreach (char c in keys) { Key(c); Advance(gap); }
            }

            private int Gap() { int[] g = { 0, 50, 300, 2000 }; return g[_rng.Next(g.Length)]; }

            private int Pause() { int[] p = { 50, 500, 3000, 5050, 6000, 10050, 12000, 20000 }; return p[_rng.Next(p.Length)]; }

            private void Key(char c)
            {
                if (_rotary && (c < '0' || c > '9')) { return; }
                Trace.Append($"{Now / 8} ms key {c}{(_rotary ? " (pulse)" : "")}\n");
                if (_inCall) { _keys.Append(c); }
                _ivr.Digit(c, _rotary ? DigitSource.Pulse : DigitSource.Dtmf, Now);
            }

            private void Advance(int ms)
            {
                long end = Now + ms * 8L;
                while (Now < end)
                {
                    long step = _tickMs * 8L;
                    Now = Now + step > end ? end : Now + step;
                    if (_playing && Now >= _playEnd)
                    {
                        _playing = false;
                        _ivr.PromptFinished(Now);
                    }
                    _ivr.Tick(Now);
                }
            }

            private void CheckState()
            {
                for (int s = 0; s < IvrStep.Count; s++)
                {
                    if (_ivr.StrikesIn(s) > TemporaryPasswordIvr.MaxStrikes) { Fail("more than 3 strikes in step " + s); }
                }
                if ((_ivr.State == IvrState.Idle || _ivr.State == IvrState.Finished) && !_ivr.BuffersCleared)
                {
                    Fail("buffers not cleared after the call");
                }
            }

            private void Fail(string what) { throw new InvalidOperationException(what); }

            private void Report(string what)
            {
                Trace.Append($"{Now / 8} ms   -> {what}\n");
                if (!_inCall) { Fail("reported after the call was over: " + what); }
                if (Outcome != IvrOutcome.None) { Fail("reported after Ended: " + what); }
            }

            public void Play(PromptId[] sequence, int count)
            {
                Report("Play " + count);
                if (count < 1 || count > sequence.Length) { Fail("bad sequence count"); }
                _playing = true;
                _playEnd = Now + _rng.Next(15000) * 8L;
            }

            public void StopPlayback()
            {
                Report("Stop");
                _playing = false;
            }

            public void PlayBusyTone() { Report("Busy"); }

            public void Decision(IvrDecision kind, int step, int strikes)
            {
                Report($"Decision {kind} {step} {strikes}");
                _seen[(int)kind]++;
                if (step < IvrStep.None || step >= IvrStep.Count) { Fail("bad step"); }
                if (strikes < 0 || strikes > TemporaryPasswordIvr.MaxStrikes) { Fail("strikes out of range"); }
                switch (kind)
                {
                    case IvrDecision.InvalidMenuKey:
                    case IvrDecision.NumberNotOnLine:
                    case IvrDecision.NumberMalformed:
                    case IvrDecision.PasswordMalformed:
                    case IvrDecision.PasswordMismatch:
                    case IvrDecision.FirstDigitTimeout:
                    case IvrDecision.InterDigitTimeout:
                        _strikes[step]++;
                        if (_strikes[step] != strikes) { Fail("strike count skipped"); }
                        break;
                    case IvrDecision.TooManyErrors:
                        if (strikes != TemporaryPasswordIvr.MaxStrikes) { Fail("closing before the third strike"); }
                        break;
                    case IvrDecision.PasswordConfirmed:
                        if (_confirmedAt >= 0) { Fail("confirmed twice"); }
                        _confirmedAt = _keys.Length;
                        break;
                }
            }

            public bool PasswordSet(TemporaryPasswordRecord record)
            {
                Report("PasswordSet");
                if (++_sets > 1) { Fail("two PasswordSet in a call"); }
                if (_confirmedAt < 0) { Fail("PasswordSet without a confirmation"); }
                if (record.Password.ToString() != "********") { Fail("password shown by ToString"); }
                int n = record.Password.CopyTo(_password);
                if (n != TemporaryPasswordIvr.PasswordDigits) { Fail("password of " + n + " digits"); }
                string pw = Encoding.ASCII.GetString(_password, 0, n);
                foreach (char c in pw) { if (c < '0' || c > '9') { Fail("non-digit in password"); } }
                // The keys up to the confirmation end with pw pw, or pw # pw (an ignored '#').
                string keyed = _keys.ToString(0, _confirmedAt);
                bool twice = keyed.EndsWith(pw + pw, StringComparison.Ordinal) || keyed.EndsWith(pw + "#" + pw, StringComparison.Ordinal);
                if (!twice) { Fail("password not keyed twice identically: keys " + keyed); }
                for (int s = 0; s < IvrStep.Count; s++)
                {
                    if (record.StrikesIn(s) >= TemporaryPasswordIvr.MaxStrikes) { Fail("set after 3 strikes"); }
                }
                bool onLine = record.TargetNumber == Contract || record.TargetNumber == Extra1 || record.TargetNumber == Extra2;
                if (!onLine) { Fail("target not on the line"); }
                if (record.Unit == PasswordUnit.Line && record.TargetNumber != Contract) { Fail("TP-8 target"); }
                if (record.Unit == PasswordUnit.AdminUser && _notify != Contract && record.TargetNumber != _notify) { Fail("TP-10 target"); }
                if (record.NotifyNumber != _notify || record.AccessNumberDialed != Access) { Fail("record numbers"); }
                if (record.ChargeUnits != TemporaryPasswordRecord.ChargeUnitsFor(record.CallEndSample - record.CallStartSample)) { Fail("charge units"); }
                Array.Clear(_password);
                return true;
            }

            public void Ended(IvrOutcome outcome)
            {
                Report("Ended " + outcome);
                if (outcome == IvrOutcome.None) { Fail("Ended(None)"); }
                if ((outcome == IvrOutcome.Set) != (_sets == 1)) { Fail("Ended(" + outcome + ") with " + _sets + " PasswordSet"); }
                if (!_ivr.BuffersCleared) { Fail("buffers not cleared at Ended"); }
                Outcome = outcome;
            }
        }
    }
}
