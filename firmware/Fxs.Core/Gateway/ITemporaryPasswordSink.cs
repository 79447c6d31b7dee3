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
    /// </summary>
    public interface ITemporaryPasswordSink
    {
        /// <summary>Takes the result of the call (see the interface remarks).</summary>
        void Accept(TemporaryPasswordRecord record);
    }
}
