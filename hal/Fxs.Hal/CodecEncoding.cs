namespace Fxs.Hal
{
    /// <summary>How a board's codec port carries audio; the board declares it (<see cref="ICodecPort.Encoding"/>).</summary>
    public enum CodecEncoding
    {
        /// <summary>16-bit linear samples (<see cref="CodecFrame.Linear"/>); 0 dBm0 as G.711 defines it.</summary>
        Linear16 = 0,

        /// <summary>G.711 µ-law codes (<see cref="CodecFrame.Codes"/>).</summary>
        MuLaw = 1,

        /// <summary>G.711 A-law codes (<see cref="CodecFrame.Codes"/>), even bits inverted as sent on the line.</summary>
        ALaw = 2,
    }
}
