using Fxs.Hal;

namespace Fxs.Hal.Sim
{
    /// <summary>How a <see cref="SimBoard"/> and its line behave. Read once, by the board's constructor.</summary>
    public sealed class SimBoardOptions
    {
        /// <summary>The codec port's declared format (default µ-law: every heard sample takes a µ-law round trip).</summary>
        public CodecEncoding Encoding = CodecEncoding.MuLaw;

        /// <summary>
        /// Echo return loss of the 2-wire hybrid, tenths of dB (default 6 dB, the low end of what
        /// G.168 assumes and what in-house lines show: research/dtmf-receiver.md, "Echo"). Defined
        /// over white noise: the echo path's taps have Σh² = 10^(−ERL/10). At or above 1000 (100 dB)
        /// there is no echo.
        /// </summary>
        public int EchoReturnLossDeciDb = 60;

        /// <summary>
        /// Shape of the echo path's impulse response, Q15, one tap per sample (null: <see cref="EchoPath.DefaultShapeQ15"/>,
        /// 2.25 ms); scaled to <see cref="EchoReturnLossDeciDb"/>. At most <see cref="EchoPath.MaxTaps"/> taps.
        /// </summary>
        public int[]? EchoPathShapeQ15;

        /// <summary>
        /// White Gaussian noise added to what the gateway hears, tenths of dBm0 of noise power
        /// (default −70 dBm0, a quiet line's idle noise; at or below −1000 none). Changeable later
        /// through <see cref="SimBoard.NoiseDeciDbm0"/>.
        /// </summary>
        public int NoiseDeciDbm0 = -700;

        /// <summary>Seed of the noise generator: the same seed and script give the same frames.</summary>
        public ulong Seed = 1;

        /// <summary>
        /// Contact bounce of the phone's hook switch and dial: after each make or break the loop
        /// toggles this many extra times back and forth (0: clean edges).
        /// </summary>
        public int HookBounceToggles;

        /// <summary>Time between bounce toggles, samples (default 4 = 0.5 ms).</summary>
        public int HookBounceSpacingSamples = 4;

        /// <summary>How much of what the phone heard it keeps, milliseconds (a ring buffer; default 60 s).</summary>
        public int EarCapacityMs = 60000;
    }
}
