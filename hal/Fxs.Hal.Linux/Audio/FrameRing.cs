using System;
using System.Threading;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// A fixed FIFO of <see cref="CodecFrame"/>s between a pump thread and the service thread:
    /// frames are copied in and out (80 samples: cheaper than handing references across threads),
    /// under one lock, with a blocking wait for the consumer. Allocated once; nothing on the
    /// transfer path allocates.
    /// </summary>
    internal sealed class FrameRing
    {
        private readonly object _gate = new object();
        private readonly CodecFrame[] _slots;
        private int _first;
        private int _count;

        public FrameRing(int capacity)
        {
            if (capacity < 2) { throw new ArgumentOutOfRangeException(nameof(capacity), "the HAL contract asks for at least two frames each way"); }
            _slots = new CodecFrame[capacity];
            for (int i = 0; i < capacity; i++) { _slots[i] = new CodecFrame(); }
        }

        public int Capacity { get { return _slots.Length; } }

        public int Count { get { lock (_gate) { return _count; } } }

        /// <summary>Copies <paramref name="frame"/> in; false (not taken) when full.</summary>
        public bool TryEnqueue(CodecFrame frame)
        {
            lock (_gate)
            {
                if (_count == _slots.Length) { return false; }
                Copy(frame, _slots[(_first + _count) % _slots.Length]);
                _count++;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        /// <summary>Copies <paramref name="frame"/> in, dropping the oldest frame when full; true when one was dropped.</summary>
        public bool EnqueueDroppingOldest(CodecFrame frame)
        {
            lock (_gate)
            {
                bool dropped = _count == _slots.Length;
                if (dropped)
                {
                    _first = (_first + 1) % _slots.Length;
                    _count--;
                }
                Copy(frame, _slots[(_first + _count) % _slots.Length]);
                _count++;
                Monitor.PulseAll(_gate);
                return dropped;
            }
        }

        /// <summary>Copies the oldest frame out and removes it; false when empty.</summary>
        public bool TryDequeue(CodecFrame into)
        {
            lock (_gate)
            {
                if (_count == 0) { return false; }
                Copy(_slots[_first], into);
                _first = (_first + 1) % _slots.Length;
                _count--;
                return true;
            }
        }

        /// <summary>Blocks until a frame is waiting (true) or <paramref name="timeout"/> passes or <see cref="WakeAll"/> is called (false if still empty).</summary>
        public bool WaitNotEmpty(TimeSpan timeout)
        {
            lock (_gate)
            {
                if (_count > 0) { return true; }
                if (timeout <= TimeSpan.Zero) { return false; }
                Monitor.Wait(_gate, timeout);
                return _count > 0;
            }
        }

        /// <summary>Releases every waiter (on stop).</summary>
        public void WakeAll()
        {
            lock (_gate) { Monitor.PulseAll(_gate); }
        }

        public void Clear()
        {
            lock (_gate) { _first = 0; _count = 0; }
        }

        internal static void Copy(CodecFrame from, CodecFrame to)
        {
            to.Encoding = from.Encoding;
            to.StartSample = from.StartSample;
            if (from.Encoding == CodecEncoding.Linear16) { Array.Copy(from.Linear, to.Linear, CodecFrame.Samples); }
            else { Array.Copy(from.Codes, to.Codes, CodecFrame.Samples); }
        }
    }
}
