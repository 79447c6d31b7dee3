using System;
using Fxs.Hal;

namespace Fxs.Hal.Sim
{
    /// <summary>The sim board's clock: samples of the simulated line, moved only by <see cref="SimBoard.Step"/>.</summary>
    public sealed class SimClock : IMonotonicClock
    {
        /// <inheritdoc />
        public long NowSamples { get; internal set; }
    }

    /// <summary>The sim board's loop detector: forwards the line's raw edges (bounce included) as they happen.</summary>
    public sealed class SimHookSwitch : IHookSwitch
    {
        private IHookEdgeListener? _listener;

        /// <inheritdoc />
        public bool LoopClosed { get; private set; }

        /// <summary>Raw edges reported since the board was made.</summary>
        public int Edges { get; private set; }

        /// <inheritdoc />
        public void SetEdgeListener(IHookEdgeListener? listener) { _listener = listener; }

        internal void Raise(bool closed, long atSample)
        {
            if (closed == LoopClosed) { return; }
            LoopClosed = closed;
            Edges++;
            _listener?.HookEdge(closed, atSample);
        }
    }

    /// <summary>The sim board's ring generator: a flag, tripped by the phone going off hook.</summary>
    public sealed class SimRinger : IRinger
    {
        /// <inheritdoc />
        public bool IsRinging { get; private set; }

        /// <summary>Times the ring voltage was switched on.</summary>
        public int Bursts { get; private set; }

        /// <summary>Times ringing was tripped by the phone going off hook.</summary>
        public int Trips { get; private set; }

        /// <inheritdoc />
        public void SetRinging(bool on)
        {
            if (on && !IsRinging) { Bursts++; }
            IsRinging = on;
        }

        internal void Trip()
        {
            if (!IsRinging) { return; }
            IsRinging = false;
            Trips++;
        }
    }

    /// <summary>
    /// The sim board's codec port: two frames of buffer each way, as the contract asks. A heard
    /// frame not read before two more arrive is lost (<see cref="SimBoard.HeardOverruns"/>).
    /// </summary>
    public sealed class SimCodecPort : ICodecPort
    {
        internal const int Depth = 2;
        private readonly CodecFrame[] _heard = { new CodecFrame(), new CodecFrame() };
        private readonly CodecFrame[] _played = { new CodecFrame(), new CodecFrame() };
        private int _heardFirst, _heardCount, _playedFirst, _playedCount;

        internal SimCodecPort(CodecEncoding encoding) { Encoding = encoding; }

        /// <inheritdoc />
        public CodecEncoding Encoding { get; }

        /// <inheritdoc />
        public bool ReadHeard(CodecFrame frame)
        {
            if (_heardCount == 0) { return false; }
            CopyFrame(_heard[_heardFirst], frame);
            _heardFirst = (_heardFirst + 1) % Depth;
            _heardCount--;
            return true;
        }

        /// <inheritdoc />
        public bool WritePlayed(CodecFrame frame)
        {
            if (frame.Encoding != Encoding) { throw new ArgumentException("frame encoding differs from the port's", nameof(frame)); }
            if (_playedCount == Depth) { return false; }
            CopyFrame(frame, _played[(_playedFirst + _playedCount) % Depth]);
            _playedCount++;
            return true;
        }

        // Board side: the slot the next heard frame goes to; false when a frame was dropped to make room.
        internal CodecFrame NextHeardSlot(out bool overrun)
        {
            overrun = _heardCount == Depth;
            if (overrun) { _heardFirst = (_heardFirst + 1) % Depth; _heardCount--; }
            CodecFrame slot = _heard[(_heardFirst + _heardCount) % Depth];
            _heardCount++;
            return slot;
        }

        // Board side: the next played frame, or null for silence.
        internal CodecFrame? TakePlayed()
        {
            if (_playedCount == 0) { return null; }
            CodecFrame frame = _played[_playedFirst];
            _playedFirst = (_playedFirst + 1) % Depth;
            _playedCount--;
            return frame;
        }

        private static void CopyFrame(CodecFrame from, CodecFrame to)
        {
            to.Encoding = from.Encoding;
            to.StartSample = from.StartSample;
            if (from.Encoding == CodecEncoding.Linear16) { Array.Copy(from.Linear, to.Linear, CodecFrame.Samples); }
            else { Array.Copy(from.Codes, to.Codes, CodecFrame.Samples); }
        }
    }
}
