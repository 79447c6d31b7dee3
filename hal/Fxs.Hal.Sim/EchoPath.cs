using System;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// The 2-wire hybrid's echo: a short integer FIR from what the gateway plays to what it hears.
    /// Taps in Q15, history kept across frames; no allocation after construction.
    /// </summary>
    public sealed class EchoPath
    {
        /// <summary>Longest echo path accepted, taps (16 ms at 8 kHz).</summary>
        public const int MaxTaps = 128;

        /// <summary>
        /// The default shape, Q15, 18 taps (2.25 ms): 1 ms of pure delay (a codec's filters), then
        /// a main tap with a little dispersion. Its gain stays within about ±2 dB of the mean
        /// across 300-3400 Hz (−0.3 dB at 400 Hz, +0.1 to +2.1 dB over the DTMF tones), so the
        /// echo return loss holds at every voice frequency, not only on average. Not a G.168
        /// model (those run to 8-16 ms and need their tables); pass your own shape for those.
        /// </summary>
        public static int[] DefaultShapeQ15()
        {
            return new int[] { 0, 0, 0, 0, 0, 0, 0, 0, 28000, 6000, -5000, -3000, 1500, 800, 400, -300, 200, -100 };
        }

        private readonly int[] _taps;
        private readonly short[] _history; // the last taps-1 played samples, oldest first, then the frame
        private readonly int _length;

        /// <summary>Scales <paramref name="shapeQ15"/> so that Σh² = 10^(−erl/10); no echo at erl ≥ 1000 or an all-zero shape.</summary>
        public EchoPath(int[] shapeQ15, int echoReturnLossDeciDb, int frameSamples)
        {
            if (shapeQ15 == null || shapeQ15.Length == 0 || shapeQ15.Length > MaxTaps) { throw new ArgumentException("1.." + MaxTaps + " taps", nameof(shapeQ15)); }
            if (echoReturnLossDeciDb < 0) { throw new ArgumentOutOfRangeException(nameof(echoReturnLossDeciDb)); }
            _length = shapeQ15.Length;
            _taps = new int[_length];
            _history = new short[_length - 1 + frameSamples];
            long energy = 0;
            foreach (int h in shapeQ15) { energy += (long)h * h; }
            long norm = ISqrt(energy);
            if (norm == 0 || echoReturnLossDeciDb >= 1000) { return; }
            // Gain 10^(−ERL/20) in Q16 from the HAL's dB table (ToneLevel): the amplitude ratio of two sines.
            long gainQ16 = ((long)ToneLevel.AmplitudeQ16(-echoReturnLossDeciDb) << 16) / ToneLevel.AmplitudeQ16(0);
            // h_k = shape_k / ‖shape‖ · gain, in Q15: shape_k · gainQ16 / (2 · norm).
            for (int k = 0; k < _length; k++)
            {
                long num = shapeQ15[k] * gainQ16;
                _taps[k] = (int)((num + (num >= 0 ? norm : -norm)) / (2 * norm));
            }
        }

        /// <summary>The scaled taps, Q15 (a copy).</summary>
        public int[] TapsQ15() { return (int[])_taps.Clone(); }

        /// <summary>Adds the echo of <paramref name="played"/> (continuing the previous frames) to <paramref name="sum"/>.</summary>
        public void AddEcho(short[] played, int count, int[] sum)
        {
            int keep = _length - 1;
            Array.Copy(played, 0, _history, keep, count);
            for (int n = 0; n < count; n++)
            {
                long acc = 0;
                int newest = keep + n;
                for (int k = 0; k < _length; k++) { acc += (long)_taps[k] * _history[newest - k]; }
                sum[n] += (int)((acc + 0x4000) >> 15);
            }
            Array.Copy(_history, count, _history, 0, keep);
        }

        private static long ISqrt(long v)
        {
            long r = 0;
            long bit = 1L << 62;
            while (bit > v) { bit >>= 2; }
            while (bit != 0)
            {
                if (v >= r + bit) { v -= r + bit; r = (r >> 1) + bit; }
                else { r >>= 1; }
                bit >>= 2;
            }
            return r;
        }
    }
}
