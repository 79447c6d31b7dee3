using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Xunit.Abstractions;
using Fxs.Host.Calls;

namespace Fxs.Gateway.Tests;

/// <summary>
/// Property tests (FsCheck) of whole calls through audio on the sim board. FsCheck generates a
/// caller's script (<see cref="CallScript"/>): keys (mostly what the step asks for, often not),
/// key timing and levels within a phone's range, waits (past the timeouts too), pulses, flashes
/// and hang-ups at any moment. Whatever the script: no exception, no password set that the phone
/// did not key twice identically, never more than 3 wrong entries in a step, nothing relayed on
/// abandon, every secret buffer cleared at the end.
/// <para>
/// A failure is shrunk (actions dropped, waits halved, keys shortened, timing made standard) and
/// reported as the script, one action a line in <c>fxs call --script</c>'s words, with the
/// transcript of the call; FsCheck also prints the Replay seed, which reruns the very same
/// scripts when set on the attribute (<c>[Property(Replay = "(seed,gamma)")]</c>).
/// </para>
/// </summary>
public class IvrPropertyTests
{
    private static readonly IvrDecision[] WrongEntries =
    {
        IvrDecision.InvalidMenuKey, IvrDecision.NumberNotOnLine, IvrDecision.NumberMalformed, IvrDecision.PasswordMalformed,
        IvrDecision.PasswordMismatch, IvrDecision.FirstDigitTimeout, IvrDecision.InterDigitTimeout,
    };

    private readonly ITestOutputHelper _output;

    public IvrPropertyTests(ITestOutputHelper output) { _output = output; }

    /// <summary>The promises hold on every generated call (60 calls, 0.1-0.2 s of CPU each).</summary>
    [Property(MaxTest = 60, Arbitrary = new[] { typeof(CallScripts) })]
    public void RandomCallsKeepTheIvrsPromises(CallScript script) => OneCall(script);

    /// <summary>
    /// The generator reaches every ending (else the property tests little): 30 scripts drawn with a
    /// fixed seed (so that this check cannot flake) end set, failed and abandoned at least twice each.
    /// </summary>
    [Fact]
    public void TheGeneratorReachesEveryEnding()
    {
        var outcomes = new Dictionary<IvrOutcome, int>();
        foreach (CallScript script in Gen.Sample(CallScripts.Generator, 30, new Rnd(7001UL), 50))
        {
            IvrOutcome o = OneCall(script);
            outcomes[o] = outcomes.GetValueOrDefault(o) + 1;
        }
        string tally = string.Join(", ", outcomes.Select(kv => kv.Key + " " + kv.Value));
        _output.WriteLine(tally);
        foreach (IvrOutcome o in new[] { IvrOutcome.Set, IvrOutcome.Failed, IvrOutcome.Abandoned })
        {
            Assert.True(outcomes.GetValueOrDefault(o) >= 2, "too few calls ended " + o + ": " + tally);
        }
    }

    /// <summary>The shrinker only offers smaller scripts, and a script reads as a script.</summary>
    [Fact]
    public void ScriptsShrinkAndPrintReadably()
    {
        CallScript script = Gen.Sample(CallScripts.Generator, 1, new Rnd(42UL), 50)[0];
        string text = script.ToString();
        Assert.StartsWith("# notify ", text);
        Assert.Contains("\noffhook\n", text);
        Assert.Contains("\ndtmf " + script.Access + " ", text);
        foreach (CallScript smaller in CallScripts.Shrink(script))
        {
            Assert.True(smaller.Weight < script.Weight, "not smaller:\n" + smaller + "\nthan\n" + script);
        }
    }

    // ---- The calls ----

    /// <summary>Key timing: tone and pause ms, level and twist in tenths of a dB.</summary>
    public sealed record Timing(int Tone, int Pause, int LevelDeci, int TwistDeci)
    {
        public static readonly Timing Standard = new(80, 150, -100, 20);

        public override string ToString() =>
            "tone=" + Tone + " pause=" + Pause + " level=" + (LevelDeci / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + " twist=" + (TwistDeci / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One action of the caller.</summary>
    public abstract record Act
    {
        /// <summary>Simpler versions of this action, for shrinking.</summary>
        public virtual IEnumerable<Act> Simpler() => Array.Empty<Act>();

        /// <summary>A measure that every simpler version lowers.</summary>
        public abstract int Weight { get; }
    }

    /// <summary>Fixed keys, DTMF.</summary>
    public sealed record Keys(string Digits, Timing Timing) : Act
    {
        public override string ToString() => "dtmf " + Digits + " " + Timing;

        public override int Weight => 1000 * Digits.Length + (Timing == Timing.Standard ? 0 : 1);

        public override IEnumerable<Act> Simpler()
        {
            if (Digits.Length > 1) { yield return this with { Digits = Digits.Substring(0, Digits.Length / 2) }; }
            if (Digits.Length > 1) { yield return this with { Digits = Digits.Substring(0, Digits.Length - 1) }; }
            if (Timing != Timing.Standard) { yield return this with { Timing = Timing.Standard }; }
        }
    }

    /// <summary>
    /// What the step asks for, chosen when the action runs from the IVR's state then: in the menu
    /// <see cref="Menu"/>, at the number one of the line's numbers, a number not on it or
    /// <see cref="OddNumber"/> (with or without #), at the password the call's password or
    /// <see cref="OtherPassword"/>, elsewhere <see cref="Other"/>; <see cref="ExtraHash"/> adds a #.
    /// </summary>
    public sealed record StepKeys(char Menu, int NumberPick, string OddNumber, bool NumberHash, bool WrongPassword,
        string OtherPassword, string Other, bool ExtraHash, Timing Timing) : Act
    {
        private static readonly string[] Numbers = { Call.Contract, Call.Extra1, Call.Extra2, "0399998888" };

        public string Resolve(IvrState state, string password)
        {
            string keys = state switch
            {
                IvrState.Menu => Menu.ToString(),
                IvrState.NumberEntry => (NumberPick < Numbers.Length ? Numbers[NumberPick] : OddNumber) + (NumberHash ? "#" : ""),
                IvrState.PasswordEntry or IvrState.PasswordConfirm => WrongPassword ? OtherPassword : password,
                _ => Other,
            };
            return ExtraHash ? keys + "#" : keys;
        }

        public override string ToString() =>
            "# the step's keys: menu " + Menu + ", number " + (NumberPick < Numbers.Length ? Numbers[NumberPick] : OddNumber) + (NumberHash ? "#" : "")
            + ", password " + (WrongPassword ? OtherPassword : "(the call's)") + ", else " + Other + (ExtraHash ? "; then #" : "") + "\n"
            + "dtmf <the step's keys> " + Timing;

        public override int Weight => 1000 + (Timing == Timing.Standard ? 0 : 1) + (ExtraHash ? 2 : 0);

        public override IEnumerable<Act> Simpler()
        {
            if (ExtraHash) { yield return this with { ExtraHash = false }; }
            if (Timing != Timing.Standard) { yield return this with { Timing = Timing.Standard }; }
        }
    }

    /// <summary>Waits until the port stops playing (at most 40 s), then <see cref="ExtraMs"/>.</summary>
    public sealed record WaitGuidance(int ExtraMs) : Act
    {
        public override string ToString() => "wait-guidance" + (ExtraMs > 0 ? "\nwait " + ExtraMs : "");

        public override int Weight => 100 + ExtraMs / 100;

        public override IEnumerable<Act> Simpler()
        {
            if (ExtraMs >= 200) { yield return this with { ExtraMs = 0 }; }
        }
    }

    /// <summary>Waits <see cref="Ms"/> (up to 11 s: past the IVR's timeouts).</summary>
    public sealed record Wait(int Ms) : Act
    {
        public override string ToString() => "wait " + Ms;

        public override int Weight => Ms / 100;

        public override IEnumerable<Act> Simpler()
        {
            if (Ms >= 200) { yield return this with { Ms = Ms / 2 }; }
        }
    }

    /// <summary>Dial pulses.</summary>
    public sealed record Pulses(string Digits, int Pps) : Act
    {
        public override string ToString() => "pulse " + Digits + " pps=" + Pps;

        public override int Weight => 1000 * Digits.Length;

        public override IEnumerable<Act> Simpler()
        {
            if (Digits.Length > 1) { yield return this with { Digits = Digits.Substring(0, Digits.Length - 1) }; }
        }
    }

    /// <summary>A hook flash of <see cref="Ms"/>.</summary>
    public sealed record Flash(int Ms) : Act
    {
        public override string ToString() => "flash " + Ms;

        public override int Weight => 100;
    }

    /// <summary>Hangs up: the call ends here.</summary>
    public sealed record OnHook : Act
    {
        public override string ToString() => "onhook";

        public override int Weight => 1;
    }

    /// <summary>
    /// One generated call: the line's notify number, the password the caller means, off hook, a
    /// wait, the access number, then the actions (to the first hang-up), then perhaps a wait for
    /// the guidance, and on hook.
    /// </summary>
    public sealed record CallScript(bool NotifyExtra, string Password, int FirstWaitMs, string Access, Timing AccessTiming, Act[] Actions, WaitGuidance? Final)
    {
        public int Weight => Actions.Sum(a => a.Weight + 10_000) + (Final == null ? 0 : Final.Weight + 10_000) + (FirstWaitMs > 300 ? 1 : 0) + (AccessTiming == Timing.Standard ? 0 : 1);

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("# notify ").Append(NotifyExtra ? Call.Extra1 : Call.Contract).Append(", the caller's password ").Append(Password).Append('\n');
            sb.Append("offhook\nwait ").Append(FirstWaitMs).Append('\n');
            sb.Append("dtmf ").Append(Access).Append(' ').Append(AccessTiming).Append('\n');
            foreach (Act a in Actions) { sb.Append(a).Append('\n'); }
            if (Final != null) { sb.Append(Final).Append('\n'); }
            if (Actions.Length == 0 || Actions[^1] is not OnHook) { sb.Append("onhook"); }
            return sb.ToString().TrimEnd('\n');
        }
    }

    /// <summary>FsCheck's generator and shrinker of <see cref="CallScript"/>.</summary>
    public static class CallScripts
    {
        public static Arbitrary<CallScript> Script() => Arb.From(Generator, Shrink);

        private static Gen<string> Digits(int min, int max, string alphabet = "0123456789") =>
            from n in Gen.Choose(min, max)
            from cs in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)
            select new string(cs);

        private static readonly Gen<Timing> Timings =
            from tone in Gen.Choose(50, 120)
            from pause in Gen.Choose(50, 250)
            from level in Gen.Choose(50, 220)
            from twist in Gen.Choose(0, 40)
            select new Timing(tone, pause, -level, twist);

        private static readonly Gen<bool> OneIn5 = Gen.Choose(0, 4).Select(r => r == 0);
        private static readonly Gen<bool> OneIn8 = Gen.Choose(0, 7).Select(r => r == 0);

        private static readonly Gen<Act> StepKeysGen =
            from menu in Gen.Elements('1', '2', '3')
            from pick in Gen.Choose(0, 4)
            from odd in Digits(1, 16)
            from noHash in OneIn5
            from wrong in OneIn5
            from other in Digits(8, 8)
            from rest in Digits(1, 3)
            from extraHash in OneIn8
            from timing in Timings
            select (Act)new StepKeys(menu, pick, odd, !noHash, wrong, other, rest, extraHash, timing);

        private static readonly Gen<Act> Acts = Gen.Frequency(
            (40, StepKeysGen),
            (15, from d in Digits(1, 10, "0123456789*#") from t in Timings select (Act)new Keys(d, t)),
            (20, Gen.Choose(0, 1199).Select(ms => (Act)new WaitGuidance(ms))),
            (10, Gen.Choose(0, 2999).Select(ms => (Act)new Wait(ms))),
            (5, Gen.Choose(4500, 10999).Select(ms => (Act)new Wait(ms))),
            (4, from d in Digits(1, 3) from fast in Gen.Elements(false, true) select (Act)new Pulses(d, fast ? 20 : 10)),
            (3, Gen.Choose(100, 899).Select(ms => (Act)new Flash(ms))),
            (3, Gen.Constant((Act)new OnHook())));

        public static readonly Gen<CallScript> Generator =
            from notifyExtra in Gen.Choose(0, 2).Select(r => r == 0)
            from password in Digits(8, 8)
            from firstWait in Gen.Choose(100, 1499)
            from access in Gen.Elements(Call.East, Call.West)
            from accessTiming in Timings
            from n in Gen.Choose(4, 15)
            from acts in Gen.ArrayOf(Acts, n)
            from final in Gen.Elements(false, true)
            from finalMs in Gen.Choose(0, 1199)
            select new CallScript(notifyExtra, password, firstWait, access, accessTiming, Cut(acts), final ? new WaitGuidance(finalMs) : null);

        // Nothing runs after a hang-up.
        private static Act[] Cut(Act[] acts)
        {
            int i = Array.FindIndex(acts, a => a is OnHook);
            return i < 0 ? acts : acts.Take(i + 1).ToArray();
        }

        public static IEnumerable<CallScript> Shrink(CallScript s)
        {
            // Whole actions first (the last ones first), then each action made simpler.
            for (int i = s.Actions.Length - 1; i >= 0; i--)
            {
                yield return s with { Actions = s.Actions.Where((_, j) => j != i).ToArray() };
            }
            if (s.Final != null) { yield return s with { Final = null }; }
            for (int i = 0; i < s.Actions.Length; i++)
            {
                foreach (Act simpler in s.Actions[i].Simpler())
                {
                    var acts = (Act[])s.Actions.Clone();
                    acts[i] = simpler;
                    yield return s with { Actions = acts };
                }
            }
            if (s.Final != null) { foreach (Act f in s.Final.Simpler()) { yield return s with { Final = (WaitGuidance)f }; } }
            if (s.FirstWaitMs > 300) { yield return s with { FirstWaitMs = 300 }; }
            if (s.AccessTiming != Timing.Standard) { yield return s with { AccessTiming = Timing.Standard }; }
        }
    }

    // ---- Running one ----

    private sealed class Caller
    {
        private readonly Call _call;
        public readonly StringBuilder Sent = new();
        public readonly List<string> Actions = new();

        public Caller(Call call) { _call = call; }

        public void Keys(string keys, Timing t)
        {
            Actions.Add("dtmf " + keys + " " + t);
            Sent.Append(keys);
            _call.Phone.DialDtmf(keys, t.Tone, t.Pause, t.LevelDeci, t.TwistDeci);
        }

        public void Run(Act act, string password)
        {
            switch (act)
            {
                case Keys k: Keys(k.Digits, k.Timing); break;
                case StepKeys s: Keys(s.Resolve(_call.Control.Ivr.State, password), s.Timing); break;
                case WaitGuidance g:
                    Actions.Add(g.ToString());
                    for (int t = 0; t < 40_000 && _call.Control.Player.IsPlaying; t += 10) { _call.Phone.Wait(10); }
                    _call.Phone.Wait(g.ExtraMs);
                    break;
                case Wait w:
                    Actions.Add(w.ToString());
                    _call.Phone.Wait(w.Ms);
                    break;
                case Pulses p:
                    Actions.Add(p.ToString());
                    Sent.Append(p.Digits);
                    _call.Phone.DialPulses(p.Digits, p.Pps);
                    break;
                case Flash f:
                    Actions.Add(f.ToString());
                    _call.Phone.Flash(f.Ms);
                    break;
                case OnHook:
                    Actions.Add("onhook");
                    break;
                default: throw new ArgumentException("unknown action " + act);
            }
        }
    }

    private static IvrOutcome OneCall(CallScript script)
    {
        var call = new Call(script.NotifyExtra ? Call.Extra1 : Call.Contract);
        var c = new Caller(call);
        try
        {
            call.Phone.OffHook();
            c.Actions.Add("offhook");
            c.Actions.Add("wait " + script.FirstWaitMs);
            call.Phone.Wait(script.FirstWaitMs);
            c.Keys(script.Access, script.AccessTiming);
            bool hungUp = false;
            foreach (Act a in script.Actions)
            {
                c.Run(a, script.Password);
                if (a is OnHook) { hungUp = true; break; }
            }
            if (!hungUp && script.Final != null) { c.Run(script.Final, script.Password); }
            call.HangUp();
        }
        catch (Exception e)
        {
            Assert.Fail("the call threw " + e + "\n-- as run:\n" + string.Join("\n", c.Actions) + "\n--\n" + call.Rec.Transcript);
        }

        string context = "\n-- as run:\n" + string.Join("\n", c.Actions) + "\n-- transcript:\n" + call.Rec.Transcript;
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
}
