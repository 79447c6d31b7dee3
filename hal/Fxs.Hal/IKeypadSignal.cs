namespace Fxs.Hal
{
    /// <summary>
    /// A telephone keypad's signal (DTMF, ITU-T Q.23), as a model phone on a simulated line sends it:
    /// the sim board (hal/Fxs.Hal.Sim) plays it into the line without knowing how it is made, so the
    /// HAL stays below the core; the core's DtmfGenerator is the implementation (integer, the same
    /// samples on every target). Levels in tenths of dBm0 per tone, offsets in hundredths of a percent.
    /// </summary>
    public interface IKeypadSignal
    {
        /// <summary>True for a key the keypad has (0-9, *, #, A-D).</summary>
        bool HasKey(char key);

        /// <summary>Throws for a key, level or offset the signal cannot make; changes nothing.</summary>
        void Check(char key, int lowLevelDeciDbm0, int highLevelDeciDbm0, int lowOffsetCentiPercent, int highOffsetCentiPercent);

        /// <summary>Starts <paramref name="key"/>'s two tones (checked as <see cref="Check"/> does).</summary>
        void SetDigit(char key, int lowLevelDeciDbm0, int highLevelDeciDbm0, int lowOffsetCentiPercent, int highOffsetCentiPercent);

        /// <summary>Stops the tones: what follows is silence.</summary>
        void Silence();

        /// <summary>Writes (does not add) <paramref name="count"/> samples from <paramref name="offset"/>.</summary>
        void Fill(short[] buffer, int offset, int count);
    }
}
