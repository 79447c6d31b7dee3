namespace Fxs.Hal
{
    /// <summary>
    /// ITU-T G.711 µ-law and A-law companding between 16-bit linear samples and 8-bit codes,
    /// bit-exact with the ITU-T G.191 reference (STL g711.c: ulaw_compress/expand,
    /// alaw_compress/expand). Table-free bit arithmetic: no state, no allocation.
    /// </summary>
    /// <remarks>
    /// Like G.191, the encoders truncate: µ-law quantizes the 14 most significant bits
    /// (linear &gt;&gt; 2), A-law the 13 most significant (linear &gt;&gt; 3; its finest step is two
    /// 13-bit units, so only linear &gt;&gt; 4 matters). Negative samples take their one's complement
    /// (-x - 1), which makes the quantizer symmetric about -0.5: -1 encodes like 0 with the sign
    /// bit clear. sox differs at the decision thresholds because it rounds to 14/13 bits before encoding; see
    /// tests/Fxs.Core.Tests/TestData/make-g711-reference.sh.
    /// </remarks>
    public static class G711
    {
        // µ-law bias in 14-bit units: G.711 table 2a's decision values are offset by 33 from
        // the A-law-like segment boundaries (G.191 g711.c: "33 is the difference value").
        private const int MuLawBias = 33;

        // Largest biased 14-bit µ-law magnitude (G.191 clips absno to 0x1FFF).
        private const int MuLawMaxBiased = 0x1FFF;

        // A-law codes are transmitted with the even bits inverted (G.711 §3.2.2, "0x55").
        private const int ALawEvenBitMask = 0x55;

        // Sign bit of a G.711 code: set for positive samples (both laws).
        private const int SignBit = 0x80;

        /// <summary>Encodes one 16-bit linear sample as a µ-law code (G.191 ulaw_compress).</summary>
        public static byte LinearToMuLaw(short sample)
        {
            int magnitude = ((sample < 0 ? ~sample : sample) >> 2) + MuLawBias;
            if (magnitude > MuLawMaxBiased) { magnitude = MuLawMaxBiased; }

            // Segment 1..8: one more than the position of the leading one above bit 5.
            int segment = 1;
            for (int rest = magnitude >> 6; rest != 0; rest >>= 1) { segment++; }

            // µ-law sends segment and step inverted, so that silence is 0xFF (few zeros on the line).
            int code = ((8 - segment) << 4) | (15 - ((magnitude >> segment) & 0xF));
            if (sample >= 0) { code |= SignBit; }
            return (byte)code;
        }

        /// <summary>Decodes one µ-law code to a 16-bit linear sample (G.191 ulaw_expand), ±32124 at most.</summary>
        public static short MuLawToLinear(byte code)
        {
            int inverted = ~code;
            int exponent = (inverted >> 4) & 7;
            int mantissa = inverted & 0xF;
            // Mid-point of the step in 14-bit units is (33 + 2·mantissa) << exponent, minus the bias;
            // << 2 takes it to 16-bit. Same as G.191's (128 << e) + step·m + step/2 - 4·33.
            int magnitude = ((MuLawBias + 2 * mantissa) << (exponent + 2)) - 4 * MuLawBias;
            return (short)(code < SignBit ? -magnitude : magnitude);
        }

        /// <summary>Encodes one 16-bit linear sample as an A-law code (G.191 alaw_compress).</summary>
        public static byte LinearToALaw(short sample)
        {
            int magnitude = (sample < 0 ? ~sample : sample) >> 4; // 0..2047
            int code;
            if (magnitude <= 15)
            {
                code = magnitude; // segment 0: same step as segment 1, no leading one
            }
            else
            {
                int exponent = 1;
                while (magnitude > 31) { magnitude >>= 1; exponent++; }
                code = (exponent << 4) | (magnitude - 16); // drop the leading one
            }
            if (sample >= 0) { code |= SignBit; }
            return (byte)(code ^ ALawEvenBitMask);
        }

        /// <summary>Decodes one A-law code to a 16-bit linear sample (G.191 alaw_expand), ±32256 at most.</summary>
        public static short ALawToLinear(byte code)
        {
            int bits = (code ^ ALawEvenBitMask) & 0x7F;
            int exponent = bits >> 4;
            int mantissa = bits & 0xF;
            if (exponent > 0) { mantissa += 16; } // restore the leading one
            int magnitude = (mantissa << 4) + 8;  // mid-point of the step, 16-bit units
            if (exponent > 1) { magnitude <<= exponent - 1; }
            return (short)(code >= SignBit ? magnitude : -magnitude);
        }

        /// <summary>Encodes <paramref name="count"/> linear samples as µ-law codes.</summary>
        public static void EncodeMuLaw(short[] src, int srcOffset, byte[] dst, int dstOffset, int count)
        {
            for (int i = 0; i < count; i++) { dst[dstOffset + i] = LinearToMuLaw(src[srcOffset + i]); }
        }

        /// <summary>Decodes <paramref name="count"/> µ-law codes to linear samples.</summary>
        public static void DecodeMuLaw(byte[] src, int srcOffset, short[] dst, int dstOffset, int count)
        {
            for (int i = 0; i < count; i++) { dst[dstOffset + i] = MuLawToLinear(src[srcOffset + i]); }
        }

        /// <summary>Encodes <paramref name="count"/> linear samples as A-law codes.</summary>
        public static void EncodeALaw(short[] src, int srcOffset, byte[] dst, int dstOffset, int count)
        {
            for (int i = 0; i < count; i++) { dst[dstOffset + i] = LinearToALaw(src[srcOffset + i]); }
        }

        /// <summary>Decodes <paramref name="count"/> A-law codes to linear samples.</summary>
        public static void DecodeALaw(byte[] src, int srcOffset, short[] dst, int dstOffset, int count)
        {
            for (int i = 0; i < count; i++) { dst[dstOffset + i] = ALawToLinear(src[srcOffset + i]); }
        }

        /// <summary>
        /// Replaces each sample by its µ-law encode-decode result, in place: what a sample looks
        /// like after crossing a µ-law line (test benches).
        /// </summary>
        public static void MuLawRoundTrip(short[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++) { buffer[i] = MuLawToLinear(LinearToMuLaw(buffer[i])); }
        }

        /// <summary>Replaces each sample by its A-law encode-decode result, in place.</summary>
        public static void ALawRoundTrip(short[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++) { buffer[i] = ALawToLinear(LinearToALaw(buffer[i])); }
        }
    }
}
