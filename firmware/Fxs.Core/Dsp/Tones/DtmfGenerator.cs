using System;
using Fxs.Hal;

namespace Fxs.Core.Dsp
{
    /// <summary>
    /// DTMF (PB) digit generator: the two tones of a digit (ITU-T Q.23) at separately set levels
    /// (twist) and frequency offsets, summed and saturated to 16-bit line audio at 8 kHz.
    /// </summary>
    public sealed class DtmfGenerator : IKeypadSignal
    {
        private readonly ToneOscillator _low = new ToneOscillator();
        private readonly ToneOscillator _high = new ToneOscillator();
        private bool _sounding;
        private char _digit;

        /// <summary>Creates a silent generator.</summary>
        public DtmfGenerator() { }

        /// <summary>True between <see cref="SetDigit"/> and <see cref="Silence"/>.</summary>
        public bool IsSounding { get { return _sounding; } }

        /// <summary>The digit last set (upper case), or '\0' before the first.</summary>
        public char Digit { get { return _digit; } }

        /// <summary>
        /// Starts <paramref name="digit"/> (0-9, *, #, A-D, a-d): both tones restart at phase 0.
        /// Levels per tone in tenths of dBm0 (-200 = -20.0 dBm0, at most +30); offsets in
        /// hundredths of a percent (+150 = +1.50 %, within ±5000).
        /// </summary>
        public void SetDigit(char digit, int lowLevelDeciDbm0, int highLevelDeciDbm0, int lowOffsetCentiPercent, int highOffsetCentiPercent)
        {
            // Validate every argument before changing anything, so a bad call leaves the old digit intact.
            Check(digit, lowLevelDeciDbm0, highLevelDeciDbm0, lowOffsetCentiPercent, highOffsetCentiPercent);
            int row = DtmfDigits.RowOf(digit);
            int column = DtmfDigits.ColumnOf(digit);
            _low.Set(DtmfDigits.RowHz[row], lowOffsetCentiPercent, lowLevelDeciDbm0);
            _high.Set(DtmfDigits.ColumnHz[column], highOffsetCentiPercent, highLevelDeciDbm0);
            _low.ResetPhase();
            _high.ResetPhase();
            _digit = DtmfDigits.At(row, column);
            _sounding = true;
        }

        /// <inheritdoc/>
        public bool HasKey(char key) { return DtmfDigits.RowOf(key) >= 0 && DtmfDigits.ColumnOf(key) >= 0; }

        /// <summary>Throws as <see cref="SetDigit"/> would for these arguments; changes nothing.</summary>
        public void Check(char key, int lowLevelDeciDbm0, int highLevelDeciDbm0, int lowOffsetCentiPercent, int highOffsetCentiPercent)
        {
            int row = DtmfDigits.RowOf(key);
            int column = DtmfDigits.ColumnOf(key);
            if (row < 0 || column < 0) { throw new ArgumentException("not a DTMF digit", "digit"); }
            ToneLevel.AmplitudeQ16(lowLevelDeciDbm0);
            ToneLevel.AmplitudeQ16(highLevelDeciDbm0);
            ToneOscillator.PhaseStep(DtmfDigits.RowHz[row], lowOffsetCentiPercent);
            ToneOscillator.PhaseStep(DtmfDigits.ColumnHz[column], highOffsetCentiPercent);
        }

        /// <summary>Stops the tones: the following <see cref="Fill"/> calls write zeros.</summary>
        public void Silence() { _sounding = false; }

        /// <summary>
        /// Writes (does not add) <paramref name="count"/> samples; the tones run on across calls,
        /// so any chunking gives the same signal. Sums above full scale saturate.
        /// </summary>
        public void Fill(short[] buffer, int offset, int count)
        {
            int end = offset + count;
            if (!_sounding)
            {
                for (int i = offset; i < end; i++) { buffer[i] = 0; }
                return;
            }
            for (int i = offset; i < end; i++)
            {
                int sample = _low.Next() + _high.Next();
                if (sample > short.MaxValue) { sample = short.MaxValue; }
                else if (sample < short.MinValue) { sample = short.MinValue; }
                buffer[i] = (short)sample;
            }
        }
    }
}
