using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Gateway.Tests;

/// <summary>
/// Seeded random calls through audio on the sim board: random keys (mostly what the step asks for,
/// often not), random key timing and levels within a phone's range, random waits (past the
/// timeouts too), pulses, flashes and hang-ups at any moment. Whatever happens: no exception, no
/// password set that the phone did not key twice identically, never more than 3 wrong entries in
/// a step, nothing relayed on abandon, every secret buffer cleared at the end. Each failure names
/// its seed; rerun one with <c>Seed</c>.
/// </summary>
public class IvrPropertyTests
{
    private const int Calls = 60;
    private const int FirstSeed = 7001;

    private static readonly IvrDecision[] WrongEntries =
    {
        IvrDecision.InvalidMenuKey, IvrDecision.NumberNotOnLine, IvrDecision.NumberMalformed, IvrDecision.PasswordMalformed,
        IvrDecision.PasswordMismatch, IvrDecision.FirstDigitTimeout, IvrDecision.InterDigitTimeout,
    };

    [Fact]
    public void RandomCallsKeepTheIvrsPromises()
    {
        var outcomes = new Dictionary<IvrOutcome, int>();
        for (int seed = FirstSeed; seed < FirstSeed + Calls; seed++)
        {
            IvrOutcome o = OneCall(seed);
            outcomes[o] = outcomes.GetValueOrDefault(o) + 1;
        }
        // The generator reaches every ending (else it tests little).
        string tally = string.Join(", ", outcomes.Select(kv => kv.Key + " " + kv.Value));
        foreach (IvrOutcome o in new[] { IvrOutcome.Set, IvrOutcome.Failed, IvrOutcome.Abandoned })
        {
            Assert.True(outcomes.GetValueOrDefault(o) >= 2, "too few calls ended " + o + ": " + tally);
        }
    }

    private sealed class Caller
    {
        private readonly Random _rng;
        private readonly Call _call;
        public readonly StringBuilder Sent = new();
        public readonly List<string> Actions = new();

        public Caller(int seed, Call call)
        {
            _rng = new Random(seed);
            _call = call;
        }

        public Random Rng => _rng;

        public void Keys(string keys)
        {
            int tone = _rng.Next(50, 121), pause = _rng.Next(50, 251);
            int level = -_rng.Next(50, 221), twist = _rng.Next(0, 41);
            Actions.Add("dtmf " + keys + " tone=" + tone + " pause=" + pause + " level=" + level / 10.0 + " twist=" + twist / 10.0);
            Sent.Append(keys);
            _call.Phone.DialDtmf(keys, tone, pause, level, twist);
        }

        public void Pulses(string digits)
        {
            int pps = _rng.Next(2) == 0 ? 10 : 20;
            Actions.Add("pulse " + digits + " pps=" + pps);
            Sent.Append(digits);
            _call.Phone.DialPulses(digits, pps);
        }

        public void Wait(int ms)
        {
            Actions.Add("wait " + ms);
            _call.Phone.Wait(ms);
        }

        public void WaitGuidance()
        {
            Actions.Add("wait-guidance");
            for (int t = 0; t < 40_000 && _call.Control.Player.IsPlaying; t += 10) { _call.Phone.Wait(10); }
            _call.Phone.Wait(_rng.Next(0, 1200));
        }
    }

    private static string RandomDigits(Random rng, int n, string alphabet = "0123456789")
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) { sb.Append(alphabet[rng.Next(alphabet.Length)]); }
        return sb.ToString();
    }

    private static IvrOutcome OneCall(int seed)
    {
        var rng0 = new Random(seed);
        string notify = rng0.Next(3) == 0 ? Call.Extra1 : Call.Contract;
        var call = new Call(notify);
        var c = new Caller(seed, call);
        Random rng = c.Rng;
        string pw = RandomDigits(rng, 8);
        bool hungUp = false;
        try
        {
            call.Phone.OffHook();
            c.Wait(rng.Next(100, 1500));
            c.Keys(rng.Next(2) == 0 ? Call.East : Call.West);
            int actions = rng.Next(4, 16);
            for (int a = 0; a < actions && !hungUp; a++)
            {
                int roll = rng.Next(100);
                IvrState state = call.Control.Ivr.State;
                if (roll < 40)
                {
                    // What the step asks for, now and then slightly wrong.
                    string intended = state switch
                    {
                        IvrState.Menu => "123"[rng.Next(3)].ToString(),
                        IvrState.NumberEntry => new[] { Call.Contract, Call.Extra1, Call.Extra2, "0399998888", RandomDigits(rng, rng.Next(1, 17)) }[rng.Next(5)]
                            + (rng.Next(5) == 0 ? "" : "#"),
                        IvrState.PasswordEntry or IvrState.PasswordConfirm => rng.Next(5) == 0 ? RandomDigits(rng, 8) : pw,
                        _ => RandomDigits(rng, rng.Next(1, 4)),
                    };
                    if (rng.Next(8) == 0) { intended += "#"; }
                    c.Keys(intended);
                }
                else if (roll < 55) { c.Keys(RandomDigits(rng, rng.Next(1, 11), "0123456789*#")); }
                else if (roll < 75) { c.WaitGuidance(); }
                else if (roll < 85) { c.Wait(rng.Next(0, 3000)); }
                else if (roll < 90) { c.Wait(rng.Next(4500, 11000)); }
                else if (roll < 94) { c.Pulses(RandomDigits(rng, rng.Next(1, 4))); }
                else if (roll < 97)
                {
                    int ms = rng.Next(100, 900);
                    c.Actions.Add("flash " + ms);
                    call.Phone.Flash(ms);
                }
                else
                {
                    c.Actions.Add("onhook");
                    hungUp = true;
                }
            }
            if (!hungUp && rng.Next(2) == 0) { c.WaitGuidance(); }
            call.HangUp();
        }
        catch (Exception e)
        {
            Assert.Fail("seed " + seed + ": " + e + "\n" + string.Join("\n", c.Actions) + "\n" + call.Rec.Transcript);
        }

        string context = "seed " + seed + "\n" + string.Join("\n", c.Actions) + "\n--\n" + call.Rec.Transcript;
        Recorder rec = call.Rec;

        // Never more than 3 wrong entries in a step; at most one password set, and only on a match.
        foreach (int step in new[] { IvrStep.Menu, IvrStep.Number, IvrStep.Password })
        {
            int wrong = rec.Decisions.Count(d => d.Step == step && WrongEntries.Contains(d.Kind));
            Assert.True(wrong <= TemporaryPasswordIvr.MaxStrikes, "more than 3 wrong entries in step " + step + ": " + context);
        }
        Assert.All(rec.Decisions, d => Assert.True(d.Strikes <= TemporaryPasswordIvr.MaxStrikes, context));
        Assert.Equal(rec.Sets.Count, call.Sim.Sink.Count);
        Assert.True(call.Sim.Sink.Count <= 1, context);
        Assert.Equal(rec.Decisions.Count(d => d.Kind == IvrDecision.PasswordConfirmed), rec.Sets.Count);

        // A password set was keyed twice identically by the phone.
        if (call.Sim.Sink.Count == 1)
        {
            var bytes = new byte[TemporaryPasswordIvr.PasswordDigits];
            int n = call.Sim.Sink.CopyPasswordForTest(bytes);
            Assert.Equal(TemporaryPasswordIvr.PasswordDigits, n);
            string set = Encoding.ASCII.GetString(bytes, 0, n);
            string sent = c.Sent.ToString();
            int first = sent.IndexOf(set, StringComparison.Ordinal);
            Assert.True(first >= 0 && sent.IndexOf(set, first + set.Length, StringComparison.Ordinal) > first,
                "a password that the phone did not key twice: " + context);
            Assert.Contains(rec.Outcomes, o => o.Outcome == IvrOutcome.Set);
            call.Sim.Sink.Clear();
        }

        // Abandoned or failed: nothing relayed.
        if (rec.Outcomes.Any(o => o.Outcome is IvrOutcome.Abandoned or IvrOutcome.Failed))
        {
            Assert.Empty(rec.Sets);
            Assert.DoesNotContain(rec.Outcomes, o => o.Outcome == IvrOutcome.Set);
        }
        Assert.True(rec.Outcomes.Count <= 1, context);

        // Whatever happened, the port is idle and no buffer keeps a digit.
        Assert.Equal(CallState.Idle, call.Control.State);
        Assert.True(call.Control.Ivr.BuffersCleared, context);
        return rec.Outcomes.Count == 0 ? IvrOutcome.None : rec.Outcomes[0].Outcome;
    }

    /// <summary>Reruns one seed (for a failure found by the batches): set it and run this test alone.</summary>
    [Fact]
    public void Seed() => OneCall(FirstSeed + 3);
}
