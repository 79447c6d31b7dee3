using System.Globalization;
using System.IO;
using System.Text;
using Fxs.Cli.Recording;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;

namespace Fxs.Cli.Demo;

// The demo's view of one call: the phone's actions (written by the script, password keys as x) and
// the port's events (an IGatewayMonitor, which never gets a password digit), as readable lines with
// the line time in ms; and, when the call is recorded, each frame of the line to its CallRecorder.
internal sealed class Transcript : IGatewayMonitor
{
    private readonly TextWriter _out;
    private readonly StringBuilder _keys = new();
    private long _keysAt;
    private DigitSource _keysSource;

    public Transcript(TextWriter output) { _out = output; }

    /// <summary>The call's recording, if it is recorded.</summary>
    public CallRecorder? Recorder { get; set; }

    public int PasswordsSet { get; private set; }

    /// <summary>What becomes of a set password's record, as the transcript says it: `fxs phone` has no relay.</summary>
    public string RecordGoesTo { get; set; } = "record handed to the relay";

    // The last call's outcome (a script may place several: each off-hook starts afresh).
    private bool _callSet;
    private bool _callFailed;
    private bool _callRoutedToIvr;
    private bool _callDialed;

    /// <summary>The last call's outcome in one word (CallOutcome), as `fxs replay` names a replayed call's.</summary>
    public string LastCallOutcome => CallOutcome.Of(_callSet, _callFailed, _callRoutedToIvr, _callDialed);

    public void Phone(long sample, string what) => Line(sample, "phone", what);

    public void Flush() => FlushKeys();

    private void Line(long sample, string who, string what)
    {
        if (who != "gateway" || !what.StartsWith("hears", System.StringComparison.Ordinal)) { FlushKeys(); }
        _out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,9:F2} s  {1,-7}  {2}", sample / 8000.0, who, what));
    }

    private void Gateway(long sample, string what) => Line(sample, "gateway", what);

    private void FlushKeys()
    {
        if (_keys.Length == 0) { return; }
        string keys = _keys.ToString();
        _keys.Clear();
        Line(_keysAt, "gateway", "hears " + keys + (_keysSource == DigitSource.Pulse ? " (dial pulses)" : " (DTMF)"));
    }

    public void LineEvent(LineEvent kind, long now)
    {
        if (kind == Core.Line.LineEvent.OffHook) { _callSet = _callFailed = _callRoutedToIvr = _callDialed = false; }
        string? text = kind switch
        {
            Core.Line.LineEvent.OffHook => "off hook",
            Core.Line.LineEvent.OnHook => "on hook: port idle",
            Core.Line.LineEvent.DialToneStopped => null, // the tone line says it
            Core.Line.LineEvent.FirstDigitTimeout => "no key within 10 s: busy",
            Core.Line.LineEvent.NumberEndedByTimeout => "the 5 s pause ends the number",
            Core.Line.LineEvent.NumberEndedByHash => "'#' ends the number",
            Core.Line.LineEvent.PartialDial => "number left unfinished: busy",
            Core.Line.LineEvent.InvalidNumber => "no such number in the dial plan: busy",
            Core.Line.LineEvent.RoutedToIvr => "access number (TP-4): the local IVR answers",
            Core.Line.LineEvent.OutgoingPlaced => "handed to the voice stack",
            Core.Line.LineEvent.OutgoingRefused => "handed to the voice stack, which refused it (sim): busy",
            Core.Line.LineEvent.OutgoingEnded => "the far end hung up: busy",
            Core.Line.LineEvent.FlashIgnored => "hook flash ignored",
            Core.Line.LineEvent.KeyIgnored => "key ignored",
            _ => kind.ToString(),
        };
        if (text != null) { Gateway(now, text); }
    }

    public void KeyHeard(char key, DigitSource source, long now)
    {
        if (_keys.Length > 0 && source != _keysSource) { FlushKeys(); }
        if (_keys.Length == 0) { _keysAt = now; _keysSource = source; }
        _keys.Append(key);
    }

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now)
    {
        _callDialed = true;
        _callRoutedToIvr = LineConfiguration.IsAccessNumber(new string(digits, 0, length));
        Gateway(now, "number " + new string(digits, 0, length) + " complete (" + kind + ")");
    }

    public void ToneStarted(CallProgressTone tone, long now)
    {
        Gateway(now, tone switch
        {
            CallProgressTone.Dial => "plays dial tone (400 Hz continuous)",
            CallProgressTone.Busy => "plays busy tone (400 Hz, 0.5 s on / 0.5 s off)",
            CallProgressTone.Ringback => "plays ringback",
            _ => "tone off",
        });
    }

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) { text.Append(PromptCatalogue.Text(sequence[i])); }
        Gateway(now, "plays 「" + text + "」");
    }

    public void PromptStarted(PromptId id, long now) { }

    public void PlaybackStopped(long now) => Gateway(now, "stops the guidance");

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now)
    {
        string stepName = step switch { IvrStep.Menu => "menu", IvrStep.Number => "number", IvrStep.Password => "password", _ => "-" };
        Gateway(now, "decides " + kind + " (step " + stepName + (strikes > 0 ? ", wrong entries " + strikes : "") + ")");
    }

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now)
    {
        PasswordsSet++;
        _callSet = true;
        Gateway(now, "password set for " + targetNumber + " (unit " + (int)unit + " " + unit + "): " + RecordGoesTo + ", digits "
            + SecretDigits.Masked + ", " + (durationMs / 1000.0).ToString("F1", CultureInfo.InvariantCulture)
            + " s, " + chargeUnits + " charge unit(s)");
    }

    public void IvrEnded(IvrOutcome outcome, long now)
    {
        if (outcome == IvrOutcome.Failed) { _callFailed = true; }
        Gateway(now, "IVR ended: " + outcome);
    }

    public void Frame(short[] heard, short[] played, int count, long startSample) => Recorder?.Frame(heard, played, count, startSample);
}
