using Fxs.Cli.Run;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Cli.Dtmf;

/// <summary>
/// `fxs dtmf decode --ivr-mask`: the decoded keys go, at their onsets, into the firmware's own call
/// control and IVR (a real <see cref="CallControl"/> on the given line, its guidance played for the
/// timeouts), frame by frame as <see cref="GatewayPort"/> drives them; each key is shown as the
/// gateway's monitor is told of it (<see cref="IGatewayMonitor.KeyHeard"/>): 'x' for a key the IVR
/// takes as a password digit. No rule of the IVR is repeated here. Without a hook timeline the phone is
/// taken as off hook from the file's first sample (one call per file); with one (a capture's call.hook, or
/// the .hook `fxs call --record` writes beside its WAV) the edges go through the port's own hook-signal
/// decoder, so each call in the file starts and ends as on the gateway and is masked on its own. Numbers
/// other than the access number are refused as by the daemon without a voice stack (<see cref="NoVoiceStack"/>).
/// </summary>
internal sealed class IvrMask : IHookListener
{
    /// <summary>The gateway's frame, samples (10 ms at 8 kHz): timers and guidance advance by frames, as on the port.</summary>
    public const int FrameSamples = CodecFrame.Samples;

    private readonly CallControl _control;
    private readonly KeyMonitor _monitor = new();
    private readonly short[] _played = new short[FrameSamples];
    private readonly HookSignalDecoder? _hook;
    private readonly Replay.HookTimeline? _timeline;
    private int _nextEdge;
    private bool _offHook;

    /// <summary><paramref name="timeline"/>: the phone's hook over the file (null: off hook from its first sample).</summary>
    public IvrMask(LineConfiguration line, IPromptSource prompts, Replay.HookTimeline? timeline = null)
    {
        _control = new CallControl(line, prompts, new NoVoiceStack(), new KeepsNothing(), _monitor);
        if (timeline == null) { return; }
        _timeline = timeline;
        _hook = new HookSignalDecoder(HookSignalProfile.CreateDefault(), this);
    }

    /// <summary>A frame begins, ending at <paramref name="frameEndSample"/>: keys decoded in it are dated there.</summary>
    public void BeginFrame(long frameEndSample)
    {
        _control.BeginFrame(frameEndSample);
        if (_hook != null)
        {
            // As the port: the frame's hook edges, then the decoder's decisions up to the frame's end, before its keys.
            while (_nextEdge < _timeline!.Samples.Length && _timeline.Samples[_nextEdge] < frameEndSample)
            {
                _hook.HookEdge(_timeline.Closed[_nextEdge], _timeline.Samples[_nextEdge]);
                _nextEdge++;
            }
            _hook.Advance(frameEndSample);
            return;
        }
        if (_offHook) { return; }
        _offHook = true;
        _control.OffHook(0);
    }

    void IHookListener.OffHook(long atSample) => _control.OffHook(atSample);

    void IHookListener.OnHook(long atSample) => _control.OnHook(atSample);

    void IHookListener.HookFlash(long breakSample, long makeSample) => _control.HookFlash(breakSample, makeSample);

    void IHookListener.PulseDigit(char digit, long firstBreakSample, long lastMakeSample) => _control.PulseDigit(digit, firstBreakSample, lastMakeSample);

    /// <summary>The frame's timers and guidance (after its keys), as the port runs them.</summary>
    public void EndFrame()
    {
        _control.Tick();
        _control.Fill(_played, FrameSamples);
    }

    /// <summary>What the gateway reports for <paramref name="digit"/> keyed now: the digit, or 'x' for a password key.</summary>
    public char Show(char digit)
    {
        _monitor.Shown = digit;
        _control.Key(digit, DigitSource.Dtmf);
        return _monitor.Shown;
    }

    private sealed class KeyMonitor : GatewayMonitor
    {
        public char Shown;

        public override void KeyHeard(char key, DigitSource source, long now) { Shown = key; }
    }

    // The password is not kept anywhere: "durable" so that the IVR goes on as on the gateway that set it.
    private sealed class KeepsNothing : ITemporaryPasswordSink
    {
        public bool Accept(TemporaryPasswordRecord record) => true;
    }
}
