using System;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The Linux board's <see cref="IMonotonicClock"/>: captured line samples, as far as the
    /// service loop has taken them in (the end of the frame <see cref="PcmCodecPort.WaitHeard"/>
    /// admitted last). Counting samples rather than reading a CPU clock keeps every time the
    /// firmware sees (frames, hook edges, ring cadence) on the codec's own time line; it never
    /// jumps with NTP and only moves forward. See <see cref="PcmFramePump"/> for what an overrun does to it.
    /// </summary>
    public sealed class PcmLineClock : IMonotonicClock
    {
        private readonly PcmCodecPort _port;

        /// <summary>The clock of <paramref name="port"/>.</summary>
        public PcmLineClock(PcmCodecPort port)
        {
            _port = port ?? throw new ArgumentNullException(nameof(port));
        }

        /// <inheritdoc />
        public long NowSamples { get { return _port.AdmittedUpToSample; } }
    }
}
