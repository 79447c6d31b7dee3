namespace Fxs.Core.Dsp
{
    /// <summary>Every threshold of the DTMF receiver, with its unit and source (work in progress).</summary>
    public sealed class DtmfReceiverProfile
    {
        /// <summary>Defaults: Japanese PB reception rules and ITU-T Q.24.</summary>
        public static DtmfReceiverProfile CreateDefault() { return new DtmfReceiverProfile(); }
    }
}
