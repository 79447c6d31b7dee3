namespace Fxs.Hal.Linux.Simulated
{
    /// <summary>How a <see cref="SimulatedPcmDevice"/> paces its transfers.</summary>
    public enum SimulatedPcmMode
    {
        /// <summary>
        /// Like a sound card whose clock is the caller: a read waits until the samples asked for
        /// have been supplied (<see cref="SimulatedPcmDevice.SupplyCapture(System.ReadOnlySpan{short})"/>),
        /// a write waits until there is room (the consumer takes played samples). Each wait gives up
        /// after <see cref="SimulatedPcmDevice.BlockTimeout"/> and returns what it has (possibly 0),
        /// so a stopping pump is never stuck.
        /// </summary>
        Blocking = 0,

        /// <summary>
        /// As fast as the caller runs: a read returns supplied samples if there are any, else a
        /// frame of silence at once; a write always succeeds, the oldest collected samples making
        /// room when the collection is full (counted).
        /// </summary>
        FreeRunning = 1,
    }
}
