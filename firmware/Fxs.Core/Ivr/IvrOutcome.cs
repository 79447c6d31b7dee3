namespace Fxs.Core.Ivr
{
    /// <summary>How an IVR call ended (<see cref="IIvrListener.Ended"/>).</summary>
    public enum IvrOutcome
    {
        /// <summary>The call has not ended (never reported).</summary>
        None = 0,

        /// <summary>The confirmation matched: the temporary password is set (TP-11, TP-12) and was reported by <see cref="IIvrListener.PasswordSet"/>.</summary>
        Set = 1,

        /// <summary>
        /// The third wrong entry of a step (TP-14), or a password the sink could not keep (issue #12,
        /// <see cref="IvrDecision.NotStored"/>): closing message and busy tone, nothing relayed. The
        /// last decision reported (<see cref="IvrDecision.TooManyErrors"/> or
        /// <see cref="IvrDecision.NotStored"/>) is the reason.
        /// </summary>
        Failed = 2,

        /// <summary>The phone hung up before the password was set (TP-15): nothing relayed.</summary>
        Abandoned = 3,
    }
}
