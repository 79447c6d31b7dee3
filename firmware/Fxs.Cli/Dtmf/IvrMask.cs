using Fxs.Cli.Run;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Cli.Dtmf;

/// <summary>
/// `fxs dtmf decode --ivr-mask`: the decoded keys go, at their onsets, into the firmware's own call
/// control and IVR (a real <see cref="CallControl"/> on the given line, its guidance played for the
/// timeouts), frame by frame as <see cref="GatewayPort"/> drives them; each key is shown as the
/// gateway's monitor is told of it (<see cref="IGatewayMonitor.KeyHeard"/>): 'x' for a key the IVR
/// takes as a password digit. No rule of the IVR is repeated here. The phone is taken as off hook
/// from the file's first sample (one call per file, as `fxs call --record` writes it); numbers other than
/// the access number are refused as by the daemon without a voice stack (<see cref="NoVoiceStack"/>).
/// </summary>
internal sealed class IvrMask
{
    /// <summary>The gateway's frame, samples (10 ms at 8 kHz): timers and guidance advance by frames, as on the port.</summary>
    public const int FrameSamples = CodecFrame.Samples;

    private readonly CallControl _control;
    private readonly KeyMonitor _monitor = new();
    private readonly short[] _played = new short[FrameSamples];
    private bool _offHook;

    public IvrMask(LineConfiguration line, IPromptSource prompts)
    {
        _control = new CallControl(line, prompts, new NoVoiceStack(), new KeepsNothing(), _monitor);
    }

    /// <summary>A frame begins, ending at <paramref name="frameEndSample"/>: keys decoded in it are dated there.</summary>
    public void BeginFrame(long frameEndSample)
    {
        _control.BeginFrame(frameEndSample);
        if (_offHook) { return; }
        _offHook = true;
        _control.OffHook(0);
    }

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

    private sealed class KeyMonitor : IGatewayMonitor
    {
        public char Shown;

        public void KeyHeard(char key, DigitSource source, long now) { Shown = key; }

        public void LineEvent(LineEvent kind, long now) { }

        public void NumberRouted(char[] digits, int length, NumberKind kind, long now) { }

        public void ToneStarted(CallProgressTone tone, long now) { }

        public void PromptSequenceStarted(PromptId[] sequence, int count, long now) { }

        public void PromptStarted(PromptId id, long now) { }

        public void PlaybackStopped(long now) { }

        public void IvrDecision(IvrDecision kind, int step, int strikes, long now) { }

        public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) { }

        public void IvrEnded(IvrOutcome outcome, long now) { }

        public void Frame(short[] heard, short[] played, int count, long startSample) { }
    }

    // The password is not kept anywhere: "durable" so that the IVR goes on as on the gateway that set it.
    private sealed class KeepsNothing : ITemporaryPasswordSink
    {
        public bool Accept(TemporaryPasswordRecord record) => true;
    }
}
