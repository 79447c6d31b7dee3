using System;
using Fxs.Hal;

namespace Fxs.Core.Dsp
{
    /// <summary>
    /// One sine tone at 8 kHz from a 32-bit phase accumulator and <see cref="SineTable"/>:
    /// integer-only, no allocation, one sample per <see cref="Next"/>.
    /// </summary>
    public sealed class ToneOscillator
    {

        /// <summary>Frequency offsets are in hundredths of a percent; 10,000 = 100 %.</summary>
        public const int CentiPercentPerUnit = 10000;

        /// <summary>Largest frequency offset accepted, hundredths of a percent (±50 %).</summary>
        public const int MaxOffsetCentiPercent = 5000;

        private uint _phase;
        private uint _step;
        private int _amplitudeWhole;    // amplitude in 16-bit LSBs, integer part (<= 32,004)
        private int _amplitudeFraction; // and its fraction in 1/65536 LSB

        /// <summary>Sets frequency and level; the phase carries on (call <see cref="ResetPhase"/> to restart).</summary>
        public void Set(int frequencyHz, int offsetCentiPercent, int levelDeciDbm0)
        {
            SetFrequency(frequencyHz, offsetCentiPercent);
            SetLevel(levelDeciDbm0);
        }

        /// <summary>
        /// Sets the frequency to <paramref name="frequencyHz"/> · (1 + <paramref name="offsetCentiPercent"/>/10,000);
        /// see <see cref="PhaseStep"/>.
        /// </summary>
        public void SetFrequency(int frequencyHz, int offsetCentiPercent)
        {
            _step = PhaseStep(frequencyHz, offsetCentiPercent);
        }

        /// <summary>
        /// Phase increment per sample for <paramref name="frequencyHz"/> (0..3999) offset by
        /// <paramref name="offsetCentiPercent"/> (±5000), rounded to the accumulator's resolution
        /// (8000 / 2^32 Hz ≈ 1.9 µHz).
        /// </summary>
        public static uint PhaseStep(int frequencyHz, int offsetCentiPercent)
        {
            if (frequencyHz < 0 || frequencyHz >= LineTime.SampleRateHz / 2) { throw new ArgumentOutOfRangeException(nameof(frequencyHz)); }
            if (offsetCentiPercent < -MaxOffsetCentiPercent || offsetCentiPercent > MaxOffsetCentiPercent)
            {
                throw new ArgumentOutOfRangeException(nameof(offsetCentiPercent));
            }
            // step = f · (10000 + offset) / 10000 / 8000 turns, times 2^32 phase units; < 2^58 before dividing.
            long scaledHz = (long)frequencyHz * (CentiPercentPerUnit + offsetCentiPercent);
            long divisor = (long)LineTime.SampleRateHz * CentiPercentPerUnit;
            return (uint)(((scaledHz << 32) + divisor / 2) / divisor);
        }

        /// <summary>Sets the level in tenths of dBm0 (see <see cref="ToneLevel"/>).</summary>
        public void SetLevel(int levelDeciDbm0)
        {
            int amplitude = ToneLevel.AmplitudeQ16(levelDeciDbm0);
            _amplitudeWhole = amplitude >> 16;
            _amplitudeFraction = amplitude & 0xFFFF;
        }

        /// <summary>Restarts the tone at phase 0 (the next sample is 0, rising).</summary>
        public void ResetPhase() { _phase = 0; }

        /// <summary>The next sample, rounded to 16-bit units (|value| &lt;= 32,004, not yet saturated).</summary>
        public int Next()
        {
            int sine = SineTable.Sin(_phase);
            _phase = unchecked(_phase + _step);
            // sine (Q15) · amplitude (Q16) split in two 32-bit products: |sine · whole| < 2^30,
            // |sine · fraction| < 2^31.
            return (sine * _amplitudeWhole + ((sine * _amplitudeFraction) >> 16) + 0x4000) >> 15;
        }
    }
}
