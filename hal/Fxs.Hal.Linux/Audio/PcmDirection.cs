namespace Fxs.Hal.Linux
{
    /// <summary>Which way a PCM device carries audio.</summary>
    public enum PcmDirection
    {
        /// <summary>From the line (what the gateway hears): ALSA SND_PCM_STREAM_CAPTURE.</summary>
        Capture = 0,

        /// <summary>To the line (what the gateway plays): ALSA SND_PCM_STREAM_PLAYBACK.</summary>
        Playback = 1,
    }
}
