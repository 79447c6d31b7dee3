namespace Fxs.Core.Dsp
{
    /// <summary>Streaming DTMF receiver (work in progress: API only).</summary>
    public sealed class DtmfReceiver
    {
        private readonly IDtmfListener _listener;

        /// <summary>Creates a receiver with the given profile (thresholds) and listener.</summary>
        public DtmfReceiver(DtmfReceiverProfile profile, IDtmfListener listener)
        {
            Profile = profile;
            _listener = listener;
        }

        /// <summary>The thresholds in force.</summary>
        public DtmfReceiverProfile Profile { get; }

        /// <summary>Bytes of state this receiver holds (buffers allocated at construction).</summary>
        public int StateBytes { get { return 0; } }

        /// <summary>Feeds linear 16-bit samples at 8 kHz; any chunk size.</summary>
        public void Process(short[] samples, int offset, int count)
        {
            if (_listener == null || samples == null || count < 0 || offset < 0) { return; }
        }

        /// <summary>Ends a digit still sounding at the end of the stream.</summary>
        public void Flush() { }

        /// <summary>Forgets all state; sample positions restart at 0.</summary>
        public void Reset() { }
    }
}
