namespace Fxs.Hal
{
    /// <summary>
    /// One 10 ms frame of line audio (80 samples at 8 kHz), in one direction. The caller allocates
    /// its frames once and reuses them; the port fills or reads the member that
    /// <see cref="Encoding"/> names and leaves the other alone.
    /// </summary>
    public sealed class CodecFrame
    {
        /// <summary>Samples per frame: 10 ms at 8 kHz.</summary>
        public const int Samples = 80;

        /// <summary>Frame duration, milliseconds.</summary>
        public const int DurationMs = 10;

        /// <summary>Linear samples, used when <see cref="Encoding"/> is <see cref="CodecEncoding.Linear16"/>.</summary>
        public readonly short[] Linear = new short[Samples];

        /// <summary>G.711 codes, used when <see cref="Encoding"/> is µ-law or A-law.</summary>
        public readonly byte[] Codes = new byte[Samples];

        /// <summary>What the frame holds: set by the port on a read, by the caller before a write.</summary>
        public CodecEncoding Encoding;

        /// <summary>Line time (<see cref="IMonotonicClock"/>) of the frame's first sample; set by the port on a read.</summary>
        public long StartSample;
    }
}
