using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// What a port does, event by event, for transcripts, field logs and tests. Called from the
    /// frame path: must not block or call back into the port; an implementation on a device must
    /// not allocate. Times are line samples (frame clock). The monitor never sees a digit of a
    /// temporary password: keys heard while the IVR takes the password (entry, confirmation,
    /// completion guidance) are reported as 'x'.
    /// </summary>
    public interface IGatewayMonitor
    {
        /// <summary>A decision of call control.</summary>
        void LineEvent(LineEvent kind, long now);

        /// <summary>A key taken from the line: DTMF (at its onset) or a dial-pulse digit; 'x' for a password key.</summary>
        void KeyHeard(char key, DigitSource source, long now);

        /// <summary>A number was routed (<see cref="Line.LineEvent.RoutedToIvr"/>, OutgoingPlaced/Refused follow): its keys and kind.</summary>
        void NumberRouted(char[] digits, int length, NumberKind kind, long now);

        /// <summary>A call-progress tone started (<see cref="CallProgressTone.None"/>: the tone stopped).</summary>
        void ToneStarted(CallProgressTone tone, long now);

        /// <summary>The IVR asked for a prompt sequence (the array is the IVR's: read it now).</summary>
        void PromptSequenceStarted(PromptId[] sequence, int count, long now);

        /// <summary>One prompt of the sequence began to play (its audio is in the next played samples).</summary>
        void PromptStarted(PromptId id, long now);

        /// <summary>The sequence playing was stopped before its end (barge-in, on-hook).</summary>
        void PlaybackStopped(long now);

        /// <summary>A decision of the IVR (<see cref="IIvrListener.Decision"/>).</summary>
        void IvrDecision(IvrDecision kind, int step, int strikes, long now);

        /// <summary>The IVR set a password and the sink took it: what, never the digits.</summary>
        void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now);

        /// <summary>The IVR's call ended.</summary>
        void IvrEnded(IvrOutcome outcome, long now);

        /// <summary>
        /// One 10 ms frame of the line, both directions over the same <paramref name="count"/> samples
        /// from <paramref name="startSample"/>: what the port heard (decoded, before echo cancelling)
        /// and what was being played meanwhile (as sent, after the codec: the echo canceller's far
        /// end). A prompt or tone reported at time t is in the played samples from t on. Called
        /// before the frame's keys are decided. The arrays are the port's: copy what you keep.
        /// </summary>
        void Frame(short[] heard, short[] played, int count, long startSample);
    }

    /// <summary>A monitor that ignores everything (the default).</summary>
    public sealed class SilentMonitor : IGatewayMonitor
    {
        /// <summary>One shared instance.</summary>
        public static readonly SilentMonitor Instance = new SilentMonitor();

        /// <inheritdoc/>
        public void LineEvent(LineEvent kind, long now) { }

        /// <inheritdoc/>
        public void KeyHeard(char key, DigitSource source, long now) { }

        /// <inheritdoc/>
        public void NumberRouted(char[] digits, int length, NumberKind kind, long now) { }

        /// <inheritdoc/>
        public void ToneStarted(CallProgressTone tone, long now) { }

        /// <inheritdoc/>
        public void PromptSequenceStarted(PromptId[] sequence, int count, long now) { }

        /// <inheritdoc/>
        public void PromptStarted(PromptId id, long now) { }

        /// <inheritdoc/>
        public void PlaybackStopped(long now) { }

        /// <inheritdoc/>
        public void IvrDecision(IvrDecision kind, int step, int strikes, long now) { }

        /// <inheritdoc/>
        public void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) { }

        /// <inheritdoc/>
        public void IvrEnded(IvrOutcome outcome, long now) { }

        /// <inheritdoc/>
        public void Frame(short[] heard, short[] played, int count, long startSample) { }
    }
}
