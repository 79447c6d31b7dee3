namespace Fxs.Core.Line
{
    /// <summary>
    /// The gateway's voice stack (SIP/IMS toward the carrier), as call control sees it: every
    /// complete number that is not a temporary-password access number (TP-4) is handed over here.
    /// Called from the frame path: must not block; <see cref="Place"/> may allocate (once per call),
    /// <see cref="Heard"/> and <see cref="FillPlayed"/> must not.
    /// </summary>
    public interface IOutgoingCalls
    {
        /// <summary>
        /// Places a call to the first <paramref name="length"/> keys of <paramref name="digits"/> (digits,
        /// or '#' and 4 digits for #ダイヤル; the caller-ID prefixes 184/186 included as dialed) at
        /// <paramref name="nowSamples"/>. The array is call control's: copy what you keep. True: the
        /// voice stack carries the call, and the port's audio goes through <see cref="Heard"/> and
        /// <see cref="FillPlayed"/> until <see cref="Release"/>. False: refused; call control plays the
        /// busy tone until on-hook.
        /// </summary>
        bool Place(char[] digits, int length, long nowSamples);

        /// <summary>What the phone sent (echo cancelled), one frame, while a placed call is up.</summary>
        void Heard(short[] samples, int count);

        /// <summary>
        /// Writes the next <paramref name="count"/> samples to play to the phone (ringback, the far end's
        /// voice). False when the call has ended from the far side: call control then plays the busy
        /// tone until on-hook (what the samples hold is then ignored).
        /// </summary>
        bool FillPlayed(short[] samples, int count);

        /// <summary>The phone hung up during a call placed by <see cref="Place"/> (true).</summary>
        void Release(long nowSamples);
    }
}
