using System;
using System.Threading;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The <see cref="ICodecPort"/> over a <see cref="PcmFramePump"/>, for the service thread.
    /// <para>
    /// Heard frames are handed out one per service step: <see cref="WaitHeard"/> blocks until the
    /// pump has captured a frame and admits exactly one (its end becomes
    /// <see cref="AdmittedUpToSample"/>, which the board delivers hook edges up to);
    /// <see cref="ReadHeard"/> then returns that admitted frame, without blocking, and false once
    /// it has been read. Admitting frame by frame is what lets the board put every hook edge
    /// before the frame that follows it, even though the gateway's Service() reads "all frames
    /// waiting": only the admitted one is waiting. Frames the loop has not admitted yet stay in
    /// the pump's heard ring (at least two, by default 8 frames).
    /// </para>
    /// <see cref="WritePlayed"/> queues on the pump's played ring (false when full). None of the
    /// calls allocates.
    /// </summary>
    public sealed class PcmCodecPort : ICodecPort
    {
        private readonly PcmFramePump _pump;
        private readonly CodecFrame _admitted = new CodecFrame();
        private bool _hasAdmitted;
        private long _admittedUpTo;
        private long _admittedFrames;

        /// <summary>The port on <paramref name="pump"/>'s rings.</summary>
        public PcmCodecPort(PcmFramePump pump)
        {
            _pump = pump ?? throw new ArgumentNullException(nameof(pump));
        }

        /// <inheritdoc />
        public CodecEncoding Encoding { get { return _pump.Encoding; } }

        /// <summary>Line sample at the end of the last admitted frame (0 before the first).</summary>
        public long AdmittedUpToSample { get { return Interlocked.Read(ref _admittedUpTo); } }

        /// <summary>Heard frames admitted so far.</summary>
        public long AdmittedFrames { get { return Interlocked.Read(ref _admittedFrames); } }

        /// <summary>Captured frames waiting in the pump, not yet admitted.</summary>
        public int HeardBacklog { get { return _pump.Heard.Count; } }

        /// <summary>
        /// Service thread: true when a heard frame is admitted and waiting to be read — at once if
        /// one already is, else after the pump captures one (up to <paramref name="timeout"/>;
        /// <see cref="TimeSpan.Zero"/> polls). False on timeout.
        /// </summary>
        public bool WaitHeard(TimeSpan timeout)
        {
            if (_hasAdmitted) { return true; }
            if (!_pump.Heard.WaitNotEmpty(timeout)) { return false; }
            if (!_pump.Heard.TryDequeue(_admitted)) { return false; }
            _hasAdmitted = true;
            Interlocked.Exchange(ref _admittedUpTo, _admitted.StartSample + CodecFrame.Samples);
            Interlocked.Increment(ref _admittedFrames);
            return true;
        }

        /// <inheritdoc />
        public bool ReadHeard(CodecFrame frame)
        {
            if (frame == null) { throw new ArgumentNullException(nameof(frame)); }
            if (!_hasAdmitted) { return false; }
            FrameRing.Copy(_admitted, frame);
            _hasAdmitted = false;
            return true;
        }

        /// <inheritdoc />
        public bool WritePlayed(CodecFrame frame)
        {
            if (frame == null) { throw new ArgumentNullException(nameof(frame)); }
            if (frame.Encoding != _pump.Encoding) { throw new ArgumentException("frame encoding differs from the port's", nameof(frame)); }
            return _pump.Played.TryEnqueue(frame);
        }
    }
}
