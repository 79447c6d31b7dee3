namespace Fxs.Core.Ivr
{
    /// <summary>
    /// States of <see cref="TemporaryPasswordIvr"/>. Each input state covers its guidance (playing
    /// or not) and the entry being keyed; <see cref="TemporaryPasswordIvr.IsPlaying"/> and
    /// <see cref="TemporaryPasswordIvr.KeysInEntry"/> tell where in it the call is.
    /// </summary>
    public enum IvrState
    {
        /// <summary>No call: waiting for <see cref="TemporaryPasswordIvr.Start"/>.</summary>
        Idle = 0,

        /// <summary>TP-7: the unit menu, one key 1/2/3 (step <see cref="IvrStep.Menu"/>).</summary>
        Menu = 1,

        /// <summary>TP-9 (and TP-10 when the notify number is the contract number): a number of the line, then '#' (step <see cref="IvrStep.Number"/>).</summary>
        NumberEntry = 2,

        /// <summary>TP-8 guidance with the number read back, then the password's first entry, 8 digits (step <see cref="IvrStep.Password"/>).</summary>
        PasswordEntry = 3,

        /// <summary>TP-11: the password keyed again (step <see cref="IvrStep.Password"/>).</summary>
        PasswordConfirm = 4,

        /// <summary>TP-12: the password is set; the completion guidance plays (keys ignored).</summary>
        Completing = 5,

        /// <summary>TP-14: the third wrong entry of a step, or (issue #12) a password the sink could not keep; the closing message plays (keys ignored).</summary>
        Closing = 6,

        /// <summary>The IVR has ended (<see cref="IIvrListener.Ended"/> reported); the busy tone plays until on-hook. Every input is ignored.</summary>
        Finished = 7,
    }

    /// <summary>
    /// The steps wrong entries are counted in (TP-14: 3 per step). The password step holds both
    /// entries of TP-11: a wrong confirmation restarts it from the first entry.
    /// </summary>
    public static class IvrStep
    {
        /// <summary>Not in a step (reported with <see cref="IvrDecision.Abandoned"/> outside the input states).</summary>
        public const int None = -1;

        /// <summary>TP-7: the unit menu.</summary>
        public const int Menu = 0;

        /// <summary>TP-9/TP-10: the phone number.</summary>
        public const int Number = 1;

        /// <summary>TP-8/TP-11: the password, first entry and confirmation.</summary>
        public const int Password = 2;

        /// <summary>Number of steps.</summary>
        public const int Count = 3;
    }
}
