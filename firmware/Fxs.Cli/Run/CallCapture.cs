using System;
using System.Collections.Concurrent;
using System.Threading;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

/// <summary>
/// `fxs run --record-dir`: captures each call of the port (issue #16 item 1) on the line thread, as the
/// port's monitor (it passes every event on to the daemon's log monitor unchanged) and as the hook
/// switch's edge listener (it passes every edge on to the port's decoder unchanged).
/// <para>
/// A call's capture starts at the first loop closure while the line is idle, with the 200 ms heard
/// before it (so the off-hook edge lies inside the recording), and ends once the port has been idle with
/// the loop open for 200 ms. The audio and the hook edges go to a <see cref="CallRecorder"/> (the one
/// recorder, which blanks the password keys); the port's events, dated from the recording's start, to a
/// <see cref="CallEventLog"/>, so the capture carries the gateway's own account of the call in the form
/// `fxs replay --json` prints. At the call's end the whole call is handed to the
/// <see cref="CallCaptureWriter"/>'s thread; the line thread never touches the disk.
/// </para>
/// <para>
/// Two recorders take turns (one written while the next call is recorded), each sized for a minute at
/// start and reused: after the first long call, recording allocates nothing per frame. A loop closure
/// seen while the line is idle that the port never takes as a call (a bounce) is dropped.
/// </para>
/// </summary>
internal sealed class CallCapture : IGatewayMonitor, IHookEdgeListener, IDisposable
{
    private const int N = CodecFrame.Samples;

    /// <summary>Frames of line kept before the first loop closure (200 ms).</summary>
    public const int PreRollFrames = 20;

    /// <summary>Frames of idle line, loop open, that end a call's capture (200 ms).</summary>
    public const int TailFrames = 20;

    // The buffers each recorder starts with, samples (60 s); they grow, once, for a longer call.
    private const int StartCapacitySamples = 60 * LineTime.SampleRateHz;

    // A jump in the line's time (frames the board dropped) filled with silence, frames (1 s); a longer one ends the capture.
    private const int MaxGapFrames = 100;

    private readonly IGatewayMonitor _inner;
    private readonly CaptureSettings _settings;
    private readonly string _board;
    private readonly CodecEncoding _encoding;
    private readonly ILogger _log;
    private readonly ConcurrentQueue<CallRecorder> _free = new();
    private readonly short[][] _ringHeard = new short[PreRollFrames][];
    private readonly short[][] _ringPlayed = new short[PreRollFrames][];
    private readonly long[] _ringStart = new long[PreRollFrames];
    private readonly short[] _silence = new short[N];
    private readonly long _maxSamples;
    private CallCaptureWriter? _writer;
    private GatewayPort? _port;
    private IHookEdgeListener? _portHook;
    private int _ringCount;
    private int _ringNext;

    private Phase _phase;
    private CallRecorder? _recorder;
    private CallEventLog? _events;
    private long _origin;
    private long _nextStart;
    private bool _preRollPending;
    private bool _loopClosed;
    private bool _sawCall;
    private int _idleFrames;
    private int _gapFrames;
    private DateTime _startedUtc;

    private enum Phase { Idle, Capturing, Skipping }

    public CallCapture(IGatewayMonitor inner, CaptureSettings settings, string board, CodecEncoding encoding, ILogger log)
    {
        _inner = inner;
        _encoding = encoding;
        _settings = settings;
        _board = board;
        _log = log;
        _maxSamples = Math.Min(settings.MaxBytes / 4, (long)CaptureSettings.MaxCallSeconds * LineTime.SampleRateHz);
        for (int i = 0; i < PreRollFrames; i++)
        {
            _ringHeard[i] = new short[N];
            _ringPlayed[i] = new short[N];
        }
    }

    /// <summary>Starts capturing <paramref name="port"/>'s calls: taps the hook switch (after the port has set itself as its listener) and starts the writer.</summary>
    public void Attach(GatewayPort port, IHookSwitch hookSwitch, LineConfiguration line, string hardware)
    {
        _port = port;
        _portHook = port.Hook;
        int capacity = (int)Math.Min(_maxSamples, StartCapacitySamples);
        for (int i = 0; i < 2; i++) { _free.Enqueue(new CallRecorder(port, _settings.KeepSecrets, capacity)); }
        _writer = new CallCaptureWriter(_settings, line, hardware, _log, r => _free.Enqueue(r));
        hookSwitch.SetEdgeListener(this);
        CaptureLog.Capturing(_log, _settings.Dir, _settings.MaxBytes / 1_000_000, _settings.KeepSecrets ? "kept" : "replaced by silence");
    }

    /// <summary>The line has stopped (the daemon's stop; a call in progress was ended as on hook): its capture is written, then the writer stops.</summary>
    public void Dispose()
    {
        if (_phase == Phase.Capturing) { End(truncated: false); }
        _writer?.Dispose();
    }

    void IHookEdgeListener.HookEdge(bool loopClosed, long atSample)
    {
        _portHook?.HookEdge(loopClosed, atSample);
        _loopClosed = loopClosed;
        if (_phase == Phase.Idle && loopClosed) { Start(atSample); }
        if (_phase == Phase.Capturing) { ((IHookEdgeListener)_recorder!).HookEdge(loopClosed, atSample); }
    }

    /// <summary>
    /// The line may wait for the writer when both recorders are taken (the sim board at --pace max, whose frames
    /// keep no wall-clock time); on a gateway such a call is not captured instead, as the line never waits.
    /// </summary>
    public bool LineMayWait { get; init; }

    private void Start(long atSample)
    {
        CallRecorder? recorder;
        while (!_free.TryDequeue(out recorder) && LineMayWait) { Thread.Sleep(1); }
        if (recorder == null)
        {
            CaptureLog.Skipped(_log, "the calls before it are still being written");
            _phase = Phase.Skipping;
            _idleFrames = 0;
            return;
        }
        recorder.Clear();
        _recorder = recorder;
        _events = new CallEventLog(reveal: false);
        _origin = _ringCount > 0 ? _ringStart[Oldest()] : atSample - atSample % N;
        _nextStart = _origin;
        _preRollPending = true;
        _sawCall = false;
        _idleFrames = 0;
        _gapFrames = 0;
        _startedUtc = DateTime.UtcNow;
        _phase = Phase.Capturing;
    }

    private int Oldest() => (_ringNext - _ringCount + PreRollFrames) % PreRollFrames;

    public void Frame(short[] heard, short[] played, int count, long startSample)
    {
        _inner.Frame(heard, played, count, startSample);
        switch (_phase)
        {
            case Phase.Idle:
                KeepInRing(heard, played, startSample);
                return;
            case Phase.Skipping:
                if (LineIdle()) { _phase = Phase.Idle; }
                return;
        }

        if (_preRollPending)
        {
            _preRollPending = false;
            for (int i = 0, at = Oldest(); i < _ringCount; i++, at = (at + 1) % PreRollFrames)
            {
                if (!Record(_ringHeard[at], _ringPlayed[at], _ringStart[at])) { return; }
            }
            _ringCount = 0;
        }
        if (!Record(heard, played, startSample)) { return; }

        if (_port!.Control.State != CallState.Idle) { _sawCall = true; }
        if (LineIdle())
        {
            if (_sawCall) { End(truncated: false); }
            else { Drop(); }
        }
        else if (_recorder!.Samples >= _maxSamples)
        {
            CaptureLog.Truncated(_log, _maxSamples / LineTime.SampleRateHz);
            End(truncated: true);
            _phase = Phase.Skipping;
        }
    }

    // Records one frame, first filling a jump in the line's time with silence; false when the jump was too long and the capture has ended.
    private bool Record(short[] heard, short[] played, long startSample)
    {
        CallRecorder recorder = _recorder!;
        if (recorder.Samples == 0)
        {
            // The recording's first sample is line time 0 of its files.
            _origin = startSample;
            _nextStart = startSample;
        }
        if (startSample > _nextStart)
        {
            long missing = (startSample - _nextStart) / N;
            if (missing > MaxGapFrames)
            {
                CaptureLog.Truncated(_log, recorder.Samples / LineTime.SampleRateHz);
                End(truncated: true);
                _phase = Phase.Skipping;
                return false;
            }
            for (long i = 0; i < missing; i++) { recorder.Frame(_silence, _silence, N, _nextStart + i * N); }
            _gapFrames += (int)missing;
        }
        recorder.Frame(heard, played, N, startSample);
        _nextStart = startSample + N;
        return true;
    }

    // True once the port has been idle with the loop open for TailFrames frames (counted from this call).
    private bool LineIdle()
    {
        if (_port!.Control.State == CallState.Idle && !_loopClosed) { _idleFrames++; }
        else { _idleFrames = 0; }
        return _idleFrames >= TailFrames;
    }

    private void KeepInRing(short[] heard, short[] played, long startSample)
    {
        Array.Copy(heard, _ringHeard[_ringNext], N);
        Array.Copy(played, _ringPlayed[_ringNext], N);
        _ringStart[_ringNext] = startSample;
        _ringNext = (_ringNext + 1) % PreRollFrames;
        if (_ringCount < PreRollFrames) { _ringCount++; }
    }

    private void End(bool truncated)
    {
        CallRecorder recorder = _recorder!;
        CallEventLog events = _events!;
        events.Finish();
        long blanked = recorder.FirstBlankedSample;
        var info = new CaptureInfo
        {
            Board = _board,
            Encoding = _encoding,
            EchoDelayFrames = _port!.EchoDelayFrames,
            PasswordKeysKept = _settings.KeepSecrets,
            BlankedFromMs = blanked < 0 ? -1 : (int)(blanked / LineTime.SamplesPerMs),
            Outcome = CallOutcome.Of(events.PasswordWasSet, events.Outcome == IvrOutcome.Failed, events.RoutedToIvr, events.Dialed is not null),
            Truncated = truncated,
        };
        var call = new CapturedCall(recorder, events, _startedUtc, _origin / LineTime.SamplesPerMs, info, _gapFrames);
        if (!_writer!.TryQueue(call))
        {
            // Only once the writer has stopped: its queue holds as many calls as there are recorders.
            CaptureLog.Skipped(_log, "the daemon is stopping");
            _free.Enqueue(recorder);
        }
        Reset();
    }

    private void Drop()
    {
        _free.Enqueue(_recorder!);
        Reset();
    }

    private void Reset()
    {
        _recorder = null;
        _events = null;
        _phase = Phase.Idle;
        _ringCount = 0;
        _idleFrames = 0;
    }

    // ---- the port's events: to the daemon's log as they are, and to the call's CallEventLog dated from the recording's start ----

    private bool Logging => _phase == Phase.Capturing;

    public void LineEvent(LineEvent kind, long now)
    {
        _inner.LineEvent(kind, now);
        if (Logging) { _events!.LineEvent(kind, now - _origin); }
    }

    public void KeyHeard(char key, DigitSource source, long now)
    {
        _inner.KeyHeard(key, source, now);
        if (Logging) { _events!.KeyHeard(key, source, now - _origin); }
    }

    public void NumberRouted(char[] digits, int length, NumberKind kind, long now)
    {
        _inner.NumberRouted(digits, length, kind, now);
        if (Logging) { _events!.NumberRouted(digits, length, kind, now - _origin); }
    }

    public void ToneStarted(CallProgressTone tone, long now)
    {
        _inner.ToneStarted(tone, now);
        if (Logging) { _events!.ToneStarted(tone, now - _origin); }
    }

    public void PromptSequenceStarted(PromptId[] sequence, int count, long now)
    {
        _inner.PromptSequenceStarted(sequence, count, now);
        if (Logging) { _events!.PromptSequenceStarted(sequence, count, now - _origin); }
    }

    public void PromptStarted(PromptId id, long now)
    {
        _inner.PromptStarted(id, now);
        if (Logging) { _events!.PromptStarted(id, now - _origin); }
    }

    public void PlaybackStopped(long now)
    {
        _inner.PlaybackStopped(now);
        if (Logging) { _events!.PlaybackStopped(now - _origin); }
    }

    public void IvrDecision(IvrDecision kind, int step, int strikes, long now)
    {
        _inner.IvrDecision(kind, step, strikes, now);
        if (Logging) { _events!.IvrDecision(kind, step, strikes, now - _origin); }
    }

    public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now)
    {
        _inner.PasswordSet(unit, targetNumber, durationMs, chargeUnits, now);
        if (Logging) { _events!.PasswordSet(unit, targetNumber, durationMs, chargeUnits, now - _origin); }
    }

    public void IvrEnded(IvrOutcome outcome, long now)
    {
        _inner.IvrEnded(outcome, now);
        if (Logging) { _events!.IvrEnded(outcome, now - _origin); }
    }
}
