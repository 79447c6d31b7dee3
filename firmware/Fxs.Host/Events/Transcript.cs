using System.IO;
using System.Text;
using Fxs.Host.Recording;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;

namespace Fxs.Host.Events;

// One call as a transcript (`fxs demo`, `call`, `phone`): the phone's actions (written by the script,
// password keys as x) and the port's events (an IGatewayMonitor, which never gets a password digit), in
// the one event vocabulary (EventWords: line time in ms, heard/played/decided, kebab-case names), the
// keys heard in a row on one line; and, when the call is recorded, each frame of the line to its CallRecorder.
public sealed class Transcript : IGatewayMonitor
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
    public string RecordGoesTo { get; set; } = EventWords.RecordToRelay;

    // The last call's outcome (a script may place several: each off-hook starts afresh).
    private bool _callSet;
    private bool _callFailed;
    private bool _callRoutedToIvr;
    private bool _callDialed;

    /// <summary>The last call's outcome in one word (CallOutcome), as `fxs replay` names a replayed call's.</summary>
    public string LastCallOutcome => CallOutcome.Of(_callSet, _callFailed, _callRoutedToIvr, _callDialed);

    public void Phone(long sample, string what) => Line(sample, EventWords.Phone, what);

    public void Flush() => FlushKeys();

    private void Line(long sample, string who, string what)
    {
        FlushKeys();
        Write(sample, who, what);
    }

    private void Write(long sample, string who, string what) => _out.WriteLine(EventWords.Line(EventWords.Ms(sample), who, what));

    private void FlushKeys()
    {
        if (_keys.Length == 0) { return; }
        string keys = _keys.ToString();
        _keys.Clear();
        Write(_keysAt, EventWords.Heard, EventWords.Keys(keys, _keysSource));
    }

    public void LineEvent(LineEvent kind, long now)
    {
        if (kind == Core.Line.LineEvent.OffHook) { _callSet = _callFailed = _callRoutedToIvr = _callDialed = false; }
        string? text = EventWords.Text(kind);
        if (text != null) { Line(now, EventWords.Who(kind), text); }
    }

    public void KeyHeard(char key, DigitSource source, long now)
    {
        if (_keys.Length > 0 && source != _keysSource) { FlushKeys(); }
        if (_keys.Length == 0) { _keysAt = now; _keysSource = source; }
        _keys.Append(key);
    }

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now)
    {
        string number = new string(digits, 0, length);
        _callDialed = true;
        _callRoutedToIvr = LineConfiguration.IsAccessNumber(number);
        Line(now, EventWords.Decided, EventWords.Number(number, kind));
    }

    public void ToneStarted(CallProgressTone tone, long now) => Line(now, EventWords.Played, EventWords.Text(tone));

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now) => Line(now, EventWords.Played, EventWords.Prompts(sequence, count));

    public void PromptStarted(PromptId id, long now) { }

    public void PlaybackStopped(long now) => Line(now, EventWords.Played, EventWords.GuidanceStopped);

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now) => Line(now, EventWords.Decided, EventWords.Decision(kind, step, strikes));

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now)
    {
        PasswordsSet++;
        _callSet = true;
        Line(now, EventWords.Decided, EventWords.PasswordSet(unit, targetNumber, RecordGoesTo, durationMs, chargeUnits));
    }

    public void IvrEnded(IvrOutcome outcome, long now)
    {
        if (outcome == IvrOutcome.Failed) { _callFailed = true; }
        Line(now, EventWords.Decided, EventWords.IvrEnded(outcome));
    }

    public void Frame(short[] heard, short[] played, int count, long startSample) => Recorder?.Frame(heard, played, count, startSample);
}
