using Fxs.Hal;

namespace Fxs.Boards
{
    /// <summary>
    /// The simulated line's settings (JSON section <c>sim</c>, optional on sim boards): the subset of
    /// hal/Fxs.Hal.Sim/SimBoardOptions a board file may set, in whole dB for people and in the
    /// options' tenths for code.
    /// </summary>
    public sealed class SimSection
    {
        /// <summary>Echo return loss of the hybrid, dB (default 6; <c>"off"</c> or 100: no echo).</summary>
        public int EchoReturnLossDb { get; }

        /// <summary>White noise the gateway hears, dBm0 (default −70; <c>"off"</c> or −100: none).</summary>
        public int NoiseDbm0 { get; }

        /// <summary>The codec port's declared format (default <c>"mu-law"</c>).</summary>
        public CodecEncoding Format { get; }

        /// <summary>Seed of the noise generator (default 1): the same seed and script give the same frames.</summary>
        public ulong Seed { get; }

        /// <summary><see cref="EchoReturnLossDb"/> in SimBoardOptions.EchoReturnLossDeciDb's unit, tenths of dB.</summary>
        public int EchoReturnLossDeciDb => EchoReturnLossDb * 10;

        /// <summary><see cref="NoiseDbm0"/> in SimBoardOptions.NoiseDeciDbm0's unit, tenths of dBm0.</summary>
        public int NoiseDeciDbm0 => NoiseDbm0 * 10;

        internal SimSection(int echoReturnLossDb, int noiseDbm0, CodecEncoding format, ulong seed)
        {
            EchoReturnLossDb = echoReturnLossDb;
            NoiseDbm0 = noiseDbm0;
            Format = format;
            Seed = seed;
        }

        /// <summary>The sim board as SimBoardOptions' defaults make it.</summary>
        internal static SimSection Defaults() =>
            new SimSection(BoardLimits.DefaultSimEchoReturnLossDb, BoardLimits.DefaultSimNoiseDbm0, CodecEncoding.MuLaw, 1);
    }
}
