namespace Fxs.Hal
{
    /// <summary>
    /// The HAL's one time unit: samples of the 8 kHz line (G.711), counted by
    /// <see cref="IMonotonicClock"/>. One sample is 125 µs; a long never wraps in practice
    /// (2^63 samples ≈ 36 million years).
    /// </summary>
    public static class LineTime
    {
        /// <summary>Samples per second (G.711 sampling rate): the one declaration of the line's rate; everything else derives from it.</summary>
        public const int SampleRateHz = 8000;

        /// <summary>Samples per millisecond.</summary>
        public const int SamplesPerMs = SampleRateHz / 1000;

        /// <summary><paramref name="ms"/> milliseconds in samples.</summary>
        public static long FromMs(long ms) { return ms * SamplesPerMs; }
    }
}
