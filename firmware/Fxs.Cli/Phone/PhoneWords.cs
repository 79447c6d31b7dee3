using Fxs.Core.Gateway;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;

namespace Fxs.Cli.Phone;

// The `fxs phone` status area and quit line in plain words (issue #16 item 6): what a person at the
// bench needs to follow a call, never a raw enum name (every value has its words: PhoneWordsTests
// walks them all), and never a whole guidance sentence (the transcript prints those once). A value
// the core adds later without words here shows as its number, never as its name.
internal static class PhoneWords
{
    /// <summary>The hook, as the status area says it.</summary>
    public static string Hook(bool offHook) => offHook ? "off hook" : "on hook";

    /// <summary>The phone's dial: DTMF (0), or dial pulses at <paramref name="pulsesPerSecond"/>.</summary>
    public static string Dial(int pulsesPerSecond) => pulsesPerSecond == 0 ? "DTMF" : "pulses " + pulsesPerSecond + " pps";

    /// <summary>The port's step: call control's state, or in the IVR its step.</summary>
    public static string Step(CallControl c) => c.State == CallState.Ivr ? Ivr(c.Ivr.State) ?? Unknown((int)c.Ivr.State) : Port(c.State) ?? Unknown((int)c.State);

    /// <summary>Call control's state in words (null: a value without words).</summary>
    public static string? Port(CallState state)
    {
        switch (state)
        {
            case CallState.Idle: return "port idle";
            case CallState.DialTone: return "dial tone: dial the access number";
            case CallState.Dialing: return "dialing";
            case CallState.Ivr: return "temporary-password service";
            case CallState.Outgoing: return "outgoing call on the voice stack";
            case CallState.Busy: return "busy tone: hang up";
            default: return null;
        }
    }

    /// <summary>The IVR's state in words (null: a value without words).</summary>
    public static string? Ivr(IvrState state)
    {
        switch (state)
        {
            case IvrState.Idle: return "temporary-password service: starting";
            case IvrState.Menu: return "temporary-password service: choosing the unit";
            case IvrState.NumberEntry: return "temporary-password service: keying the number";
            case IvrState.PasswordEntry: return "temporary-password service: keying the password";
            case IvrState.PasswordConfirm: return "temporary-password service: keying the password again";
            case IvrState.Completing: return "temporary-password service: password set, completing";
            case IvrState.Closing: return "temporary-password service: too many wrong entries, closing";
            case IvrState.Finished: return "temporary-password service: finished, hang up";
            default: return null;
        }
    }

    /// <summary>A call-progress tone in words (null: a value without words).</summary>
    public static string? Tone(CallProgressTone tone)
    {
        switch (tone)
        {
            case CallProgressTone.None: return "nothing";
            case CallProgressTone.Dial: return "dial tone";
            case CallProgressTone.Busy: return "busy tone";
            case CallProgressTone.Ringback: return "ringback tone";
            default: return null;
        }
    }

    /// <summary>A guidance prompt in words: a sentence's first words, or what a spoken digit or pause is for (null: no text).</summary>
    public static string? Guidance(PromptId playing)
    {
        if (playing >= PromptId.GroupPause) { return "reading the number back"; }
        string? text = PromptCatalogue.Text(playing);
        return text == null ? null : "「" + FirstWords(text) + "」";
    }

    /// <summary>What the port plays now: guidance (its first words), a tone, or nothing.</summary>
    public static string Playing(CallControl c)
    {
        PromptId playing = c.Player.Current;
        if (playing != PromptId.None) { return Guidance(playing) ?? "guidance"; }
        return Tone(c.Tone) ?? Unknown((int)c.Tone);
    }

    /// <summary>How the last IVR call ended, for the quit line (null: a value without words).</summary>
    public static string? LastCall(IvrOutcome outcome)
    {
        switch (outcome)
        {
            case IvrOutcome.None: return "no temporary-password call has ended";
            case IvrOutcome.Set: return "the last temporary-password call set its password";
            case IvrOutcome.Failed: return "the last temporary-password call failed (too many wrong entries, or the password could not be kept)";
            case IvrOutcome.Abandoned: return "the last temporary-password call was abandoned (hung up before the password was set)";
            default: return null;
        }
    }

    /// <summary>The quit line's ending for <paramref name="outcome"/>.</summary>
    public static string Quit(IvrOutcome outcome) => LastCall(outcome) ?? Unknown((int)outcome);

    // A value without words: its number, so no enum name reaches the screen.
    private static string Unknown(int value) => "state " + value;

    // A guidance sentence's first 12 characters, enough to tell which it is.
    private static string FirstWords(string text)
    {
        const int Shown = 12;
        return text.Length <= Shown ? text : text.Substring(0, Shown) + "…";
    }
}
