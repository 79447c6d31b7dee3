namespace Fxs.Hal.Linux
{
    /// <summary>What one transfer step of the <see cref="PcmFramePump"/> did.</summary>
    public enum PumpResult
    {
        /// <summary>A whole 10 ms frame completed (captured into the heard ring, or written to the device).</summary>
        Frame,

        /// <summary>Part of a frame moved; the next step continues it.</summary>
        Partial,

        /// <summary>Nothing moved (the device had nothing, or was interrupted); try again.</summary>
        Idle,

        /// <summary>An xrun or suspend happened and the stream was recovered.</summary>
        Recovered,

        /// <summary>The stream failed and could not be recovered yet; the pump waits a frame before trying again.</summary>
        Failed,
    }
}
