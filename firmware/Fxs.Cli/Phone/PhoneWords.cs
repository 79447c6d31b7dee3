using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Host.Events;
using Fxs.Core.Gateway;

namespace Fxs.Cli.Phone;

// The `fxs phone` status line and quit line in plain words (issue #16 item 6): what a person at the
// bench needs to follow a call, never a raw enum name, and never a whole guidance sentence (the
// transcript above prints those once).
internal static class PhoneWords
{
    /// <summary>The port's state: for the IVR, its step, the wrong entries counted in it and the keys taken so far.</summary>
    public static string Port(CallControl c)
    {
        switch (c.State)
        {
            case CallState.Idle: return "port idle";
            case CallState.DialTone: return "dial tone: dial the access number";
            case CallState.Dialing: return "dialing";
            case CallState.Ivr: return Ivr(c.Ivr);
            default: return "port busy";
        }
    }

    /// <summary>What the port is playing: guidance (its first words), a tone, or silence.</summary>
    public static string Sound(CallControl c)
    {
        PromptId playing = c.Player.Current;
        if (playing >= PromptId.GroupPause) { return "guidance: reading the number back"; }
        if (playing != PromptId.None) { return "guidance: 「" + FirstWords(PromptCatalogue.Text(playing) ?? playing.ToString()) + "」"; }
        return c.Tone switch
        {
            CallProgressTone.None => "silence",
            CallProgressTone.Dial => "dial tone",
            CallProgressTone.Busy => "busy tone",
            CallProgressTone.Ringback => "ringback tone",
            _ => "a call-progress tone",
        };
    }

    /// <summary>How the last IVR call ended, for the quit line.</summary>
    public static string LastCall(IvrOutcome outcome)
    {
        return outcome switch
        {
            IvrOutcome.None => "no temporary-password call has ended",
            IvrOutcome.Set => "the last temporary-password call set its password",
            _ => "the last temporary-password call ended without a password (" + EventWords.Name(outcome) + ")",
        };
    }

    private static string Ivr(TemporaryPasswordIvr ivr)
    {
        switch (ivr.State)
        {
            case IvrState.Menu: return Step("choosing the unit", ivr, IvrStep.Menu);
            case IvrState.NumberEntry: return Step("keying the number", ivr, IvrStep.Number);
            case IvrState.PasswordEntry: return Step("keying the password", ivr, IvrStep.Password);
            case IvrState.PasswordConfirm: return Step("keying the password again", ivr, IvrStep.Password);
            case IvrState.Completing: return "temporary-password service: completing";
            case IvrState.Closing: return "temporary-password service: closing";
            case IvrState.Finished: return "temporary-password service: finished, hang up";
            default: return "temporary-password service";
        }
    }

    private static string Step(string what, TemporaryPasswordIvr ivr, int step)
    {
        int strikes = ivr.StrikesIn(step);
        return "temporary-password service: " + what + ", " + ivr.KeysInEntry + " key(s) taken"
            + (strikes == 0 ? "" : ", " + strikes + " of " + TemporaryPasswordIvr.MaxStrikes + " wrong entries");
    }

    // A guidance sentence's first 12 characters, enough to tell which it is.
    private static string FirstWords(string text)
    {
        const int Shown = 12;
        return text.Length <= Shown ? text : text.Substring(0, Shown) + "…";
    }
}
