namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Receives the digits a <see cref="DtmfReceiver"/> decides. Called from inside
    /// <see cref="DtmfReceiver.Process"/>; implementations must not block or allocate.
    /// Sample positions count from the first sample the receiver was given (0-based).
    /// </summary>
    public interface IDtmfListener
    {
        /// <summary>A digit was recognised; it may still be sounding (used for barge-in).</summary>
        void DigitStarted(char digit, long onsetSample);

        /// <summary>The digit's tone ended (or the stream was flushed while it sounded).</summary>
        void DigitEnded(char digit, long onsetSample, long endSample);
    }
}
