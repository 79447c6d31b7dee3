using System;

namespace Fxs.Hal
{
    /// <summary>
    /// Sine levels in tenths of dBm0 to peak amplitudes in 16-bit linear units, integer-only. In the
    /// HAL because dBm0 is the codec's scale (G.711 defines it, below): the core's tones and the sim
    /// board's echo and noise are levelled by the same table, and the HAL needs nothing above it.
    /// </summary>
    /// <remarks>
    /// 0 dBm0 is defined by G.711 through the µ-law theoretical load capacity T_max = +3.17 dBm0,
    /// the overload point 8159 in 14-bit units (G.711 table 2a, last decision value), i.e.
    /// 8159 · 4 = 32,636 in 16-bit linear. A 0 dBm0 sine therefore has amplitude
    /// 32636 / 10^(3.17/20) = 22,656.71. (Not 32124 / 10^(3.17/20) = 22,301: 32124 is the
    /// decoder's top reconstruction level, not the overload point.) Check: the µ-law digital
    /// milliwatt of G.711 table 5 (1 kHz, 0 dBm0) decodes to -0.002 dBm0 with this constant,
    /// +0.135 dBm0 with the other (ToneGeneratorTests.DigitalMilliwattIsZeroDbm0).
    /// </remarks>
    public static class ToneLevel
    {
        /// <summary>Peak amplitude of a 0 dBm0 sine, 16-bit linear units, Q16: 22,656.714 · 65536.</summary>
        public const int ZeroDbm0AmplitudeQ16 = 1484830415;

        /// <summary>Highest level accepted, tenths of dBm0: +3.0 dBm0 (amplitude 32,004; the
        /// µ-law overload point is +3.17 dBm0). Keeps amplitude · sine inside 32-bit products.</summary>
        public const int MaxDeciDbm0 = 30;

        /// <summary>At or below this level (-100.0 dBm0, amplitude 0.23 LSB) the amplitude is 0.</summary>
        public const int SilentAtOrBelowDeciDbm0 = -1000;

        // 10^(-u/20) in Q30 for u = 0..19 whole dB, computed offline: round(2^30 · 10^(-u/20)).
        private static readonly int[] WholeDbQ30 =
        {
            1073741824, 956973408, 852903448, 760150998, 677485290,
            603809400, 538145694, 479622855, 427464319, 380977976,
            339546978, 302621563, 269711752, 240380852, 214239660,
            190941298, 170176611, 151670064, 135176087, 120475814,
        };

        // 10^(-v/200) in Q30 for v = 0..9 tenths of a dB: round(2^30 · 10^(-v/200)).
        private static readonly int[] TenthDbQ30 =
        {
            1073741824, 1061450803, 1049300476, 1037289233, 1025415481,
            1013677647, 1002074175, 990603527, 979264182, 968054638,
        };

        /// <summary>
        /// Peak amplitude of a sine at <paramref name="levelDeciDbm0"/>, in 1/65536 of a 16-bit LSB
        /// (within ±1 of exact). Throws above <see cref="MaxDeciDbm0"/>.
        /// </summary>
        public static int AmplitudeQ16(int levelDeciDbm0)
        {
            if (levelDeciDbm0 > MaxDeciDbm0) { throw new ArgumentOutOfRangeException(nameof(levelDeciDbm0)); }
            if (levelDeciDbm0 <= SilentAtOrBelowDeciDbm0) { return 0; }

            // Attenuation below 0 dBm0 in tenths of a dB = 200·decades + 10·whole dB + tenths.
            // Positive levels borrow one decade (+20 dB) and multiply by 10 at the end.
            int attenuation = -levelDeciDbm0;
            bool positive = attenuation < 0;
            if (positive) { attenuation += 200; }
            int decades = attenuation / 200;
            int withinDecade = attenuation % 200;

            // Q16 · Q30 < 2^61; back to Q16, then · Q30 again < 2^61.
            long amplitude = ((long)ZeroDbm0AmplitudeQ16 * WholeDbQ30[withinDecade / 10] + (1L << 29)) >> 30;
            amplitude *= TenthDbQ30[withinDecade % 10];
            // A positive level has attenuation >= 170 here, so WholeDbQ30 <= 2^27.2 and · 10 stays < 2^62.
            if (positive) { amplitude *= 10; }
            long divisor = 1L << 30;
            for (int d = 0; d < decades; d++) { divisor *= 10; }
            return (int)((amplitude + divisor / 2) / divisor);
        }
    }
}
