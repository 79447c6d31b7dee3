namespace Fxs.Core.Ivr
{
    /// <summary>
    /// What <see cref="TemporaryPasswordIvr"/> asks of the board and call control, and what it
    /// reports. Called from inside the IVR's inputs, in order; an implementation must not block,
    /// must not allocate on the per-call path, and must not call back into the IVR.
    /// </summary>
    public interface IIvrListener
    {
        /// <summary>
        /// Plays the first <paramref name="count"/> prompts of <paramref name="sequence"/> back to back,
        /// replacing anything playing, and calls <see cref="TemporaryPasswordIvr.PromptFinished"/>
        /// when the last one has played. The array is the IVR's own buffer: it is not changed
        /// until the next <see cref="Play"/>, so the board may read it while it plays.
        /// </summary>
        void Play(PromptId[] sequence, int count);

        /// <summary>
        /// Stops the sequence playing now (barge-in, on-hook). The board then reports no
        /// <see cref="TemporaryPasswordIvr.PromptFinished"/> for it.
        /// </summary>
        void StopPlayback();

        /// <summary>Plays the busy tone (400 Hz, 0.5 s on / 0.5 s off) until call control silences the port at on-hook (TP-12, TP-14).</summary>
        void PlayBusyTone();

        /// <summary>
        /// A decision of the IVR, for transcripts: <paramref name="step"/> is an <see cref="IvrStep"/>
        /// value, <paramref name="strikes"/> the wrong entries counted in that step so far.
        /// </summary>
        void Decision(IvrDecision kind, int step, int strikes);

        /// <summary>
        /// The temporary password is set: the one result the relay seals and sends. The record
        /// and its <see cref="TemporaryPasswordRecord.Password"/> are the IVR's and valid only
        /// during this call: copy the digits out (<see cref="SecretDigits.CopyTo(byte[])"/>) or
        /// seal them before returning; the IVR clears them right after. Never log the digits.
        /// Called the moment the confirmation matches (TP-12), before the completion guidance is
        /// asked for (<see cref="Play"/> follows within the same input): make the record durable
        /// here, so that it is kept before the caller hears 「完了しました」. Followed, after that
        /// guidance or at on-hook during it, by <see cref="Ended"/>(<see cref="IvrOutcome.Set"/>).
        /// Returns true when the record is durable. False: the password was not kept (disk full,
        /// outbox unusable); the IVR reports <see cref="IvrDecision.NotStored"/>, plays
        /// <see cref="PromptId.CannotSetNow"/> in place of the completion guidance, and ends with
        /// <see cref="IvrOutcome.Failed"/> (issue #12).
        /// </summary>
        bool PasswordSet(TemporaryPasswordRecord record);

        /// <summary>The IVR's last report of the call: nothing follows until the next <see cref="TemporaryPasswordIvr.Start"/>.</summary>
        void Ended(IvrOutcome outcome);
    }
}
