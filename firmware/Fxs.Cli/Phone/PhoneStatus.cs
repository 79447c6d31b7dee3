using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Fxs.Core.Gateway;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;

namespace Fxs.Cli.Phone;

// What the status area shows at one line time, in plain words (PhoneWords): the hook and the dial, the
// port's step, the keys taken so far in the step (password keys as • unless --reveal-digits), its
// wrong entries, and what the port plays with the guidance's seconds left. The terminal draws it as a
// fixed panel (LivePhoneScreen); anything else gets it as one line at each change (PlainPhoneScreen),
// the same words.
internal sealed class PhoneStatus
{
    private const int SamplesPerSecond = Fxs.Hal.LineTime.SampleRateHz;

    /// <summary>The password's length (TP-8), for "4 of 8".</summary>
    private const int PasswordDigits = TemporaryPasswordIvr.PasswordDigits;

    private PhoneStatus(long nowSamples, List<KeyValuePair<string, string>> fields)
    {
        NowSamples = nowSamples;
        Fields = fields;
    }

    /// <summary>Line time of the snapshot, samples.</summary>
    public long NowSamples { get; }

    /// <summary>Label and words of each field, in the order shown; a field that does not apply is left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The labels of every field the status area can show, in order (the panel keeps a row for each).</summary>
    public static readonly string[] Labels = { "phone", "dial", "step", "keyed", "wrong entries", "playing" };

    /// <summary>The fields as one line: <c>[phone: off hook | dial: DTMF | step: … | playing: …]</c>.</summary>
    public string Line()
    {
        var b = new StringBuilder("[");
        for (int i = 0; i < Fields.Count; i++)
        {
            if (i > 0) { b.Append(" | "); }
            b.Append(Fields[i].Key).Append(": ").Append(Fields[i].Value);
        }
        return b.Append(']').ToString();
    }

    /// <summary>The words of <paramref name="label"/>, or null when it does not apply now.</summary>
    public string? Field(string label)
    {
        foreach (KeyValuePair<string, string> f in Fields)
        {
            if (f.Key == label) { return f.Value; }
        }
        return null;
    }

    /// <summary>Line time, seconds.</summary>
    public double Seconds => NowSamples / (double)SamplesPerSecond;

    /// <summary>Line time as the transcript writes it.</summary>
    public string Time() => Seconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    /// <summary>The status of <paramref name="sim"/>'s port and phone now.</summary>
    public static PhoneStatus Of(SimGateway sim, PhoneMonitor monitor, int pulsesPerSecond)
    {
        CallControl c = sim.Port.Control;
        long now = sim.Board.NowSamples;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("phone", PhoneWords.Hook(sim.Phone.IsOffHook)),
            new("dial", PhoneWords.Dial(pulsesPerSecond)),
            new("step", PhoneWords.Step(c)),
        };
        int step = c.State == CallState.Ivr ? c.Ivr.Step : IvrStep.None;
        if (step != IvrStep.None)
        {
            int keys = c.Ivr.KeysInEntry;
            string keyed = keys == 0 ? "none yet" : monitor.LastKeys(keys) + " (" + keys + (step == IvrStep.Password ? " of " + PasswordDigits : keys == 1 ? " key" : " keys") + ")";
            int strikes = c.Ivr.StrikesIn(step);
            fields.Add(new("keyed", keyed));
            fields.Add(new("wrong entries", strikes == 0 ? "none" : strikes + " of " + TemporaryPasswordIvr.MaxStrikes));
        }
        string playing = PhoneWords.Playing(c);
        long left = monitor.GuidanceEndSample - now;
        if (c.Player.IsPlaying && left > 0)
        {
            // Whole seconds still to play, counted up: "1 s left" until the guidance's last sample.
            playing += ", " + ((left + SamplesPerSecond - 1) / SamplesPerSecond) + " s left";
        }
        fields.Add(new("playing", playing));
        return new PhoneStatus(now, fields);
    }
}
