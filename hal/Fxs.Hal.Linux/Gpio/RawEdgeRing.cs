using System;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// A fixed, lock-protected FIFO of raw loop edges (state + arrival timestamp), written by the
    /// GPIO driver's event thread and drained by the service thread. Allocated once; pushing and
    /// popping allocate nothing.
    /// <para>
    /// When full (the service thread stalled while the contact chattered) the newest entry is
    /// overwritten by the incoming edge: the loop state the ring ends on is then always the
    /// latest one the pin reported, which matters more to the decoder than the bounce it loses.
    /// Each overwrite is counted (<see cref="Overwritten"/>).
    /// </para>
    /// </summary>
    internal sealed class RawEdgeRing
    {
        private readonly object _gate = new object();
        private readonly bool[] _closed;
        private readonly long[] _timestamp;
        private int _first;
        private int _count;

        public RawEdgeRing(int capacity)
        {
            if (capacity < 2) { throw new ArgumentOutOfRangeException(nameof(capacity), "at least 2 edges"); }
            _closed = new bool[capacity];
            _timestamp = new long[capacity];
        }

        /// <summary>Edges overwritten because the ring was full.</summary>
        public long Overwritten { get; private set; }

        public int Count { get { lock (_gate) { return _count; } } }

        public void Push(bool closed, long timestamp)
        {
            lock (_gate)
            {
                int slot;
                if (_count == _closed.Length)
                {
                    slot = (_first + _count - 1) % _closed.Length;
                    Overwritten++;
                }
                else
                {
                    slot = (_first + _count) % _closed.Length;
                    _count++;
                }
                _closed[slot] = closed;
                _timestamp[slot] = timestamp;
            }
        }

        /// <summary>The oldest edge, left in the ring; false when empty.</summary>
        public bool TryPeek(out bool closed, out long timestamp)
        {
            lock (_gate)
            {
                if (_count == 0) { closed = false; timestamp = 0; return false; }
                closed = _closed[_first];
                timestamp = _timestamp[_first];
                return true;
            }
        }

        /// <summary>Removes the oldest edge (the one <see cref="TryPeek"/> returned; only the service thread removes).</summary>
        public void DropOldest()
        {
            lock (_gate)
            {
                if (_count == 0) { return; }
                _first = (_first + 1) % _closed.Length;
                _count--;
            }
        }

        public void Clear()
        {
            lock (_gate) { _first = 0; _count = 0; }
        }
    }
}
