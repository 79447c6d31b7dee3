using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// An <see cref="IGatewayMonitor"/> that takes every event and does nothing with it: a monitor that wants a
    /// few of them (a call's outcome, its keys, its played audio) derives from this and overrides those, instead
    /// of writing the rest of the interface out empty. The rules of <see cref="IGatewayMonitor"/> hold for the
    /// overrides (frame path: no blocking, no call back into the port, no allocation on a device).
    /// </summary>
    public abstract class GatewayMonitor : IGatewayMonitor
    {
        /// <inheritdoc/>
        public virtual void LineEvent(LineEvent kind, long now) { }

        /// <inheritdoc/>
        public virtual void KeyHeard(char key, DigitSource source, long now) { }

        /// <inheritdoc/>
        public virtual void NumberRouted(char[] digits, int length, NumberKind kind, long now) { }

        /// <inheritdoc/>
        public virtual void ToneStarted(CallProgressTone tone, long now) { }

        /// <inheritdoc/>
        public virtual void PromptSequenceStarted(PromptId[] sequence, int count, long now) { }

        /// <inheritdoc/>
        public virtual void PromptStarted(PromptId id, long now) { }

        /// <inheritdoc/>
        public virtual void PlaybackStopped(long now) { }

        /// <inheritdoc/>
        public virtual void IvrDecision(IvrDecision kind, int step, int strikes, long now) { }

        /// <inheritdoc/>
        public virtual void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) { }

        /// <inheritdoc/>
        public virtual void IvrEnded(IvrOutcome outcome, long now) { }

        /// <inheritdoc/>
        public virtual void Frame(short[] heard, short[] played, int count, long startSample) { }
    }
}
