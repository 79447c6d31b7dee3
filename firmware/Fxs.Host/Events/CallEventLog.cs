using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal;
using Fxs.Hal.Line;
using Fxs.Host.Recording;

namespace Fxs.Host.Events;

// One event of a replayed call: its time, type, the transcript's text and the JSON object's other fields (in order).
public sealed class CallEvent
{
    public CallEvent(long tMs, string type, string who, string text)
    {
        TMs = tMs;
        Type = type;
        Who = who;
        Text = text;
    }

    public long TMs { get; }

    public string Type { get; }

    public string Who { get; set; }

    public string Text { get; set; }

    public List<KeyValuePair<string, object>> Fields { get; } = new();

    public CallEvent With(string key, object value)
    {
        Fields.Add(new KeyValuePair<string, object>(key, value));
        return this;
    }
}

// The port's events during a replay (an IGatewayMonitor: password keys arrive as 'x'), the line audio
// to --record's CallRecorder, and what the result needs. With reveal (sim board only), a shadow of the port's digit
// path — the same echo canceller, DTMF receiver and hook-signal decoder, fed the very same samples and
// edges — recovers the digits the monitor masks; it changes nothing the port does.
public sealed class CallEventLog : IGatewayMonitor, IHookEdgeListener
{
    private const int N = CodecFrame.Samples;

    private readonly Shadow? _shadow;
    private CallEvent? _pendingDigit;

    public CallEventLog(bool reveal)
    {
        if (reveal) { _shadow = new Shadow(); }
    }

    public List<CallEvent> Events { get; } = new();

    /// <summary>--record: the call's recording (set by the runner once the port exists).</summary>
    public CallRecorder? Recorder { get; set; }

    public int[] Strikes { get; } = new int[IvrStep.Count];

    public string? Dialed { get; private set; }

    public bool RoutedToIvr { get; private set; }

    public bool Outgoing { get; private set; }

    public long DecidedAt { get; private set; } = -1;

    public IvrOutcome Outcome { get; private set; }

    public bool PasswordWasSet { get; private set; }

    /// <summary>Issue #12: the confirmation matched but the sink could not keep the record (the call failed for that, not for strikes).</summary>
    public bool NotStored { get; private set; }

    public long SetAtSample { get; private set; }

    // Set by the runner once the port exists (the shadow follows its call state).
    public GatewayPort? Port { get; set; }

    public IHookEdgeListener? PortHook { get; set; }

    private static long Ms(long sample) => EventWords.Ms(sample);

    private CallEvent Add(long sample, string type, string who, string text)
    {
        FlushDigit();
        var e = new CallEvent(Ms(sample), type, who, text);
        Events.Add(e);
        return e;
    }

    private void FlushDigit()
    {
        if (_pendingDigit == null) { return; }
        Events.Add(_pendingDigit);
        _pendingDigit = null;
    }

    public void Finish() => FlushDigit();

    // ---- the shadow's inputs: edges (tee) and frames ----

    void IHookEdgeListener.HookEdge(bool loopClosed, long atSample)
    {
        _shadow?.Hook.HookEdge(loopClosed, atSample);
        PortHook?.HookEdge(loopClosed, atSample);
    }

    // Called by the runner before the port services a frame ending at nowSamples (the port advances its decoder first too).
    public void BeforeFrame(long nowSamples) => _shadow?.Hook.Advance(nowSamples);

    public void Frame(short[] heard, short[] played, int count, long startSample)
    {
        Recorder?.Frame(heard, played, count, startSample);
        if (_shadow != null && Port != null) { _shadow.Frame(heard, played, Port.Control.State != CallState.Idle); }
    }

    // ---- IGatewayMonitor ----

    public void LineEvent(LineEvent kind, long now)
    {
        switch (kind)
        {
            case Core.Line.LineEvent.OffHook:
                Add(now, "hook", EventWords.Heard, EventWords.Text(kind)!).With("state", "off");
                return;
            case Core.Line.LineEvent.OnHook:
                Add(now, "hook", EventWords.Heard, EventWords.Text(kind)!).With("state", "on");
                return;
            case Core.Line.LineEvent.FlashIgnored:
                Add(now, "hook", EventWords.Heard, EventWords.Text(kind)!).With("state", "flash");
                return;
            case Core.Line.LineEvent.KeyIgnored:
                if (_pendingDigit != null)
                {
                    CallEvent d = _pendingDigit;
                    _pendingDigit = null;
                    var e = new CallEvent(d.TMs, "key-ignored", EventWords.Heard, d.Text + ", ignored");
                    e.Fields.AddRange(d.Fields);
                    Events.Add(e);
                }
                return;
            case Core.Line.LineEvent.DialToneStopped:
                return; // the tone event says it
            case Core.Line.LineEvent.OutgoingPlaced:
            case Core.Line.LineEvent.OutgoingRefused:
                Outgoing = true;
                if (DecidedAt < 0) { DecidedAt = now; }
                break;
        }
        string text = EventWords.Text(kind) ?? EventWords.Name(kind);
        Add(now, "line", EventWords.Decided, text).With("event", EventWords.Name(kind));
    }

    public void KeyHeard(char key, DigitSource source, long now)
    {
        FlushDigit();
        char shown = key;
        if (_shadow != null)
        {
            char real = _shadow.Take(source);
            if (key == 'x' && real != '\0') { shown = real; }
        }
        _pendingDigit = new CallEvent(Ms(now), "digit", EventWords.Heard, EventWords.Keys(shown.ToString(), source))
            .With("digit", shown.ToString()).With("source", EventWords.Name(source));
    }

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now)
    {
        string number = new string(digits, 0, length);
        Dialed = number;
        RoutedToIvr = LineConfiguration.IsAccessNumber(number);
        Add(now, "number", EventWords.Decided, EventWords.Number(number, kind))
            .With("number", number).With("kind", EventWords.Name(kind));
    }

    public void ToneStarted(CallProgressTone tone, long now) =>
        Add(now, "tone", EventWords.Played, EventWords.Text(tone)).With("tone", EventWords.Name(tone));

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++) { ids[i] = EventWords.Name(sequence[i]); }
        Add(now, "prompt", EventWords.Played, EventWords.Prompts(sequence, count)).With("prompts", ids).With("text", EventWords.PromptText(sequence, count));
    }

    public void PromptStarted(PromptId id, long now) { }

    public void PlaybackStopped(long now) => Add(now, "prompt-stopped", EventWords.Played, EventWords.GuidanceStopped);

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now)
    {
        string stepName = EventWords.Step(step);
        if (step >= 0 && step < Strikes.Length && strikes > Strikes[step]) { Strikes[step] = strikes; }
        if (kind is Core.Ivr.IvrDecision.TooManyErrors or Core.Ivr.IvrDecision.NotStored && DecidedAt < 0) { DecidedAt = now; }
        if (kind == Core.Ivr.IvrDecision.NotStored) { NotStored = true; }
        Add(now, "decision", EventWords.Decided, EventWords.Decision(kind, step, strikes))
            .With("decision", EventWords.Name(kind)).With("step", stepName).With("strikes", strikes);
    }

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now)
    {
        PasswordWasSet = true;
        SetAtSample = now;
        if (DecidedAt < 0) { DecidedAt = now; }
        Add(now, "password-set", EventWords.Decided, EventWords.PasswordSet(unit, targetNumber, EventWords.RecordToRelay, durationMs, chargeUnits))
            .With("unit", (int)unit).With("target", targetNumber);
    }

    public void IvrEnded(IvrOutcome outcome, long now)
    {
        if (Outcome == IvrOutcome.None) { Outcome = outcome; }
        if (DecidedAt < 0) { DecidedAt = now; }
        Add(now, "ivr-ended", EventWords.Decided, EventWords.IvrEnded(outcome)).With("outcome", EventWords.Name(outcome));
    }

    // ---- output ----

    public static void WriteText(TextWriter output, IEnumerable<CallEvent> events)
    {
        foreach (CallEvent e in events)
        {
            output.WriteLine(EventWords.Line(e.TMs, e.Who, e.Text));
        }
    }

    public static void WriteJson(TextWriter output, IEnumerable<CallEvent> events)
    {
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (CallEvent e in events)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, options))
            {
                w.WriteStartObject();
                w.WriteNumber("t_ms", e.TMs);
                w.WriteString("type", e.Type);
                foreach (KeyValuePair<string, object> f in e.Fields) { WriteValue(w, f.Key, f.Value); }
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void WriteValue(Utf8JsonWriter w, string key, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(key, s); break;
            case int i: w.WriteNumber(key, i); break;
            case long l: w.WriteNumber(key, l); break;
            case bool b: w.WriteBoolean(key, b); break;
            case string[] a:
                w.WriteStartArray(key);
                foreach (string s in a) { w.WriteStringValue(s); }
                w.WriteEndArray();
                break;
            case int[] strikes:
                w.WriteStartObject(key);
                for (int step = 0; step < strikes.Length; step++) { w.WriteNumber(EventWords.Step(step), strikes[step]); }
                w.WriteEndObject();
                break;
            default: w.WriteString(key, value.ToString()); break;
        }
    }

    // The port's digit path, replicated (see the class remarks).
    private sealed class Shadow : IDtmfListener, IHookListener
    {
        private readonly LineEchoCanceller _canceller = new(GatewayPort.EchoTaps);
        private readonly DtmfReceiver _receiver;
        private readonly short[] _cleaned = new short[N];
        private readonly Queue<char> _dtmf = new();
        private readonly Queue<char> _pulses = new();
        private bool _dsp;

        public Shadow()
        {
            _receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), this);
            Hook = new HookSignalDecoder(HookSignalProfile.CreateDefault(), this);
        }

        public HookSignalDecoder Hook { get; }

        public void Frame(short[] heard, short[] far, bool offHook)
        {
            if (!offHook)
            {
                _dsp = false;
                return;
            }
            if (!_dsp) { _receiver.Reset(); _dsp = true; }
            _canceller.Process(far, heard, _cleaned, 0, N);
            _receiver.Process(_cleaned, 0, N);
        }

        public char Take(DigitSource source)
        {
            Queue<char> q = source == DigitSource.Pulse ? _pulses : _dtmf;
            return q.Count > 0 ? q.Dequeue() : '\0';
        }

        public void DigitStarted(char digit, long onsetSample) => _dtmf.Enqueue(digit);

        public void DigitEnded(char digit, long onsetSample, long endSample) { }

        public void OffHook(long atSample) { }

        public void OnHook(long atSample) { }

        public void HookFlash(long breakSample, long makeSample) { }

        public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample) => _pulses.Enqueue(digit);
    }
}
