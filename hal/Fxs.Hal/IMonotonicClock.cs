namespace Fxs.Hal
{
    /// <summary>
    /// The board's monotonic time, in samples of the 8 kHz line (<see cref="LineTime"/>): never the
    /// wall clock, never set back. A board counts codec samples (its frame interrupt adds 80) or
    /// converts a hardware tick counter; it must not jump when the wall clock is adjusted (NTP).
    /// Injected wherever time matters, so tests and the simulated line run on a sample clock.
    /// </summary>
    public interface IMonotonicClock
    {
        /// <summary>Samples since the board started; never decreases.</summary>
        long NowSamples { get; }
    }
}
