using System.Globalization;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Host.Events;

/// <summary>
/// The one event vocabulary (issue #14 item 1): how the core's events are named and worded in every
/// transcript (`fxs demo`, `call`, `phone`, `replay`), in the daemon's log (`fxs run`) and in JSON.
/// Names are kebab-case (`unit-line`, `too-many-errors`, `national10`), times are line milliseconds,
/// and a line of text is `{ms} ms  {who}  {what}` where who is the phone (what the script did), or
/// the gateway's verb: heard (from the line), played (to the line) or decided (call control and IVR).
/// </summary>
public static class EventWords
{
    /// <summary>What the phone did (a script's action).</summary>
    public const string Phone = "phone";

    /// <summary>What the gateway took from the line: keys with their source, hook changes.</summary>
    public const string Heard = "heard";

    /// <summary>What the gateway sent: guidance, tones.</summary>
    public const string Played = "played";

    /// <summary>What call control and the IVR concluded.</summary>
    public const string Decided = "decided";

    /// <summary>Line time in whole milliseconds.</summary>
    public static long Ms(long sample) => sample / LineTime.SamplesPerMs;

    /// <summary>One line of a transcript: `   830 ms  decided  unit-line (step menu, strikes 0)`.</summary>
    public static string Line(long ms, string who, string what) =>
        string.Format(CultureInfo.InvariantCulture, "{0,8} ms  {1,-8} {2}", ms, who, what);

    /// <summary>A PascalCase name in kebab-case (`TooManyErrors` → `too-many-errors`).</summary>
    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) { sb.Append('-'); }
                sb.Append(char.ToLowerInvariant(c));
            }
            else { sb.Append(c); }
        }
        return sb.ToString();
    }

    /// <summary>The name of a line event (`routed-to-ivr`).</summary>
    public static string Name(LineEvent e) => Kebab(e.ToString());

    /// <summary>The name of an IVR decision (`unit-line`, `barge-in`).</summary>
    public static string Name(IvrDecision d) => Kebab(d.ToString());

    /// <summary>The name of an IVR outcome (`set`, `failed`).</summary>
    public static string Name(IvrOutcome o) => Kebab(o.ToString());

    /// <summary>The name of a dial-plan kind (`national10`, `special`).</summary>
    public static string Name(NumberKind k) => Kebab(k.ToString());

    /// <summary>The name of a password unit (`line`, `phone-number`, `admin-user`).</summary>
    public static string Name(PasswordUnit u) => Kebab(u.ToString());

    /// <summary>The name of a prompt (`unit-menu`).</summary>
    public static string Name(PromptId p) => Kebab(p.ToString());

    /// <summary>The name of a port state (`idle`, `dial-tone`, `ivr`).</summary>
    public static string Name(CallState s) => Kebab(s.ToString());

    /// <summary>`dtmf` or `pulse`.</summary>
    public static string Name(DigitSource s) => s == DigitSource.Pulse ? "pulse" : "dtmf";

    /// <summary>`dial`, `busy`, `ringback` or `none`.</summary>
    public static string Name(CallProgressTone t) => t switch
    {
        CallProgressTone.Dial => "dial",
        CallProgressTone.Busy => "busy",
        CallProgressTone.Ringback => "ringback",
        _ => "none",
    };

    /// <summary>An IVR step (<see cref="IvrStep"/>): `menu`, `number`, `password` or `none`.</summary>
    public static string Step(int step) => step switch
    {
        IvrStep.Menu => "menu",
        IvrStep.Number => "number",
        IvrStep.Password => "password",
        _ => "none",
    };

    /// <summary>Who reports a line event: the hook changes are heard, the rest decided.</summary>
    public static string Who(LineEvent e) =>
        e is LineEvent.OffHook or LineEvent.OnHook or LineEvent.FlashIgnored or LineEvent.KeyIgnored ? Heard : Decided;

    /// <summary>A line event in words; null for one another line says (the dial tone's end: the tone line).</summary>
    public static string? Text(LineEvent e) => e switch
    {
        LineEvent.OffHook => "off hook",
        LineEvent.OnHook => "on hook: port idle",
        LineEvent.DialToneStopped => null,
        LineEvent.FirstDigitTimeout => "no key within 10 s: busy",
        LineEvent.NumberEndedByTimeout => "the 5 s pause ends the number",
        LineEvent.NumberEndedByHash => "'#' ends the number",
        LineEvent.PartialDial => "number left unfinished: busy",
        LineEvent.InvalidNumber => "no such number in the dial plan: busy",
        LineEvent.RoutedToIvr => "access number (TP-4): the local IVR answers",
        LineEvent.OutgoingPlaced => "handed to the voice stack",
        LineEvent.OutgoingRefused => "handed to the voice stack, which refused it: busy",
        LineEvent.OutgoingEnded => "the far end hung up: busy",
        LineEvent.FlashIgnored => "hook flash (ignored)",
        LineEvent.KeyIgnored => "key ignored",
        _ => Name(e),
    };

    /// <summary>Keys heard: `0363044747 (DTMF)`, `x (dial pulses)`.</summary>
    public static string Keys(string keys, DigitSource source) => keys + (source == DigitSource.Pulse ? " (dial pulses)" : " (DTMF)");

    /// <summary>A routed number: `number 0363044747 complete (national10)`.</summary>
    public static string Number(string number, NumberKind kind) => "number " + number + " complete (" + Name(kind) + ")";

    /// <summary>A tone started: `dial tone (400 Hz continuous)`.</summary>
    public static string Text(CallProgressTone t) => t switch
    {
        CallProgressTone.Dial => "dial tone (400 Hz continuous)",
        CallProgressTone.Busy => "busy tone (400 Hz, 0.5 s on / 0.5 s off)",
        CallProgressTone.Ringback => "ringback",
        _ => "tone off",
    };

    /// <summary>Guidance started: `[unit-menu] 「仮パスワードの設定を行います。…」`.</summary>
    public static string Prompts(PromptId[] sequence, int count)
    {
        var names = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0) { names.Append(' '); }
            names.Append(Name(sequence[i]));
        }
        return "[" + names + "] 「" + PromptText(sequence, count) + "」";
    }

    /// <summary>The guidance's words, the prompts' texts end to end.</summary>
    public static string PromptText(PromptId[] sequence, int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) { text.Append(PromptCatalogue.Text(sequence[i])); }
        return text.ToString();
    }

    /// <summary>The guidance cut short (barge-in or on-hook).</summary>
    public const string GuidanceStopped = "guidance stopped";

    /// <summary>An IVR decision: `unit-line (step menu, strikes 0)`.</summary>
    public static string Decision(IvrDecision d, int step, int strikes) => Name(d) + " (step " + Step(step) + ", strikes " + strikes + ")";

    /// <summary>
    /// A password set: `password set for 0300001111 (unit 1 line): record handed to the relay, digits ********,
    /// 45330 ms, 3 charge unit(s)`; <paramref name="recordGoesTo"/> says what became of the record.
    /// </summary>
    public static string PasswordSet(PasswordUnit unit, string target, string recordGoesTo, long durationMs, int chargeUnits) =>
        "password set for " + target + " (unit " + (int)unit + " " + Name(unit) + "): " + recordGoesTo + ", digits " + SecretDigits.Masked + ", "
        + durationMs.ToString(CultureInfo.InvariantCulture) + " ms, " + chargeUnits + " charge unit(s)";

    /// <summary>What becomes of a set password's record where a relay takes it.</summary>
    public const string RecordToRelay = "record handed to the relay";

    /// <summary>The IVR's end: `IVR ended: failed`.</summary>
    public static string IvrEnded(IvrOutcome outcome) => "IVR ended: " + Name(outcome);
}
