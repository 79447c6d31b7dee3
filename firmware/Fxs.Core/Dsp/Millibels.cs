namespace Fxs.Core.Dsp
{
    /// <summary>
    /// Power ratios as integer millibels (1 mB = 0.01 dB) without floating point: the receiver
    /// compares energies by subtracting logarithms, which cannot overflow where products of 64-bit
    /// energies and Q-format ratios would.
    /// </summary>
    public static class Millibels
    {
        /// <summary>Millibels per decibel.</summary>
        public const int PerDb = 100;

        /// <summary>The value returned for a power of zero or less: far below any threshold.</summary>
        public const int OfZero = -100000;

        // 10·log10(1 + i/64) in millibels, i = 0..64 (mantissa of a binary logarithm).
        private static readonly short[] Mantissa =
        {
            0, 7, 13, 20, 26, 33, 39, 45, 51, 57, 63, 69, 75,
            80, 86, 91, 97, 102, 108, 113, 118, 123, 128, 133, 138, 143,
            148, 153, 158, 162, 167, 172, 176, 181, 185, 189, 194, 198, 202,
            207, 211, 215, 219, 223, 227, 231, 235, 239, 243, 247, 251, 255,
            258, 262, 266, 269, 273, 277, 280, 284, 287, 291, 294, 298, 301,
        };

        // 10·log10(2) = 3.0103 dB per octave of power, in hundredths of a millibel.
        private const long PerBitCentiMillibels = 30103;

        /// <summary>10·log10(power) in millibels (power as a plain integer), error under 0.01 dB.</summary>
        public static int FromPower(long power)
        {
            if (power <= 0) { return OfZero; }
            int bit = 0; // index of the leading one, by binary search
            if ((power >> 32) != 0) { bit += 32; }
            if ((power >> (bit + 16)) != 0) { bit += 16; }
            if ((power >> (bit + 8)) != 0) { bit += 8; }
            if ((power >> (bit + 4)) != 0) { bit += 4; }
            if ((power >> (bit + 2)) != 0) { bit += 2; }
            if ((power >> (bit + 1)) != 0) { bit += 1; }
            // The 6 bits below the leading one index the table, the next 8 interpolate.
            long mantissa = bit >= 14 ? (power >> (bit - 14)) & 0x3FFF : (power << (14 - bit)) & 0x3FFF;
            int index = (int)(mantissa >> 8);
            int fraction = (int)(mantissa & 0xFF);
            int a = Mantissa[index];
            int b = Mantissa[index + 1];
            int within = a + (((b - a) * fraction + 128) >> 8);
            return (int)((bit * PerBitCentiMillibels + 50) / 100) + within;
        }

        /// <summary>The smallest power whose <see cref="FromPower"/> reaches the given millibels.</summary>
        public static long PowerAtLeast(int millibels)
        {
            long low = 1;
            long high = long.MaxValue / 2;
            if (FromPower(high) < millibels) { return long.MaxValue; }
            while (low < high)
            {
                long middle = low + (high - low) / 2;
                if (FromPower(middle) >= millibels) { high = middle; } else { low = middle + 1; }
            }
            return low;
        }

        /// <summary>Tenths of a decibel (the profile's unit) to millibels.</summary>
        public static int FromDeciDb(int deciDb) { return deciDb * 10; }
    }
}
