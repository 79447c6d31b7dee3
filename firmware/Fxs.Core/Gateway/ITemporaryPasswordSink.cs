using Fxs.Core.Ivr;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// Where a set temporary password goes: the relay to the carrier (issue #4 seals the record
    /// and keeps it in a durable outbox). Called once per successful call, the moment the
    /// confirmation matches and before the completion guidance plays (TP-12): make it durable
    /// before returning. The record and its password are the IVR's and valid only during the
    /// call: seal or copy the digits (<see cref="SecretDigits.CopyTo(byte[])"/>) before returning;
    /// they are zeroed right after. Never log, print or keep the digits in plain text.
    /// <para>
    /// The answer decides what the caller hears (issue #12): true only when the record is durable
    /// (committed to a medium that survives a power cut); the IVR then plays the completion
    /// guidance. False (disk full, outbox unusable, sealing failed) and the IVR plays
    /// <see cref="PromptId.CannotSetNow"/> instead and ends the call as failed: a caller is never
    /// told 「完了しました」 for a password that was not kept. Must not throw.
    /// </para>
    /// </summary>
    public interface ITemporaryPasswordSink
    {
        /// <summary>Takes the result of the call; true when it is durable (see the interface remarks).</summary>
        bool Accept(TemporaryPasswordRecord record);
    }
}
