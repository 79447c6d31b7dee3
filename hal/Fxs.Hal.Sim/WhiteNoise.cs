
namespace Fxs.Hal.Sim
{
    /// <summary>
    /// Seeded white Gaussian noise in integers: xorshift64* uniforms, twelve of them summed
    /// (Irwin-Hall, variance 1, tails cut at ±6σ). Bit-exact on every host.
    /// </summary>
    public sealed class WhiteNoise
    {
        private ulong _state;
        private long _sigmaQ16;

        /// <summary>Creates a generator; <paramref name="seed"/> 0 is taken as 1 (xorshift needs a non-zero state).</summary>
        public WhiteNoise(ulong seed, int levelDeciDbm0)
        {
            _state = seed == 0 ? 1UL : seed;
            LevelDeciDbm0 = levelDeciDbm0;
        }

        private int _level;

        /// <summary>
        /// Noise power, tenths of dBm0: σ = A/√2 where A is the peak of a sine at that level
        /// (<see cref="ToneLevel"/>), so noise and sine of equal level have equal power. At or
        /// below −1000, silence (the generator still advances, so the sequence does not shift).
        /// </summary>
        public int LevelDeciDbm0
        {
            get { return _level; }
            set
            {
                _level = value;
                // 46341 = 2^16 / √2.
                _sigmaQ16 = ((long)ToneLevel.AmplitudeQ16(value > ToneLevel.MaxDeciDbm0 ? ToneLevel.MaxDeciDbm0 : value) * 46341) >> 16;
            }
        }

        /// <summary>Adds <paramref name="count"/> noise samples to <paramref name="sum"/>.</summary>
        public void Add(int[] sum, int count)
        {
            for (int n = 0; n < count; n++)
            {
                long gauss = 0; // N(0, 1) · 65536
                for (int i = 0; i < 12; i++) { gauss += (short)(NextUInt64() >> 48); }
                long value = gauss * _sigmaQ16; // · 2^32
                sum[n] += (int)((value + (1L << 31)) >> 32);
            }
        }

        private ulong NextUInt64()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return unchecked(_state * 2685821657736338717UL);
        }
    }
}
