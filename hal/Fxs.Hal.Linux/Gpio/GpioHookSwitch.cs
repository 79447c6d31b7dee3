using System;
using System.Device.Gpio;
using System.Threading;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The SLIC's switch-hook detect (SHK) on one GPIO input, as an <see cref="IHookSwitch"/>.
    /// <para>
    /// GPIO edge callbacks arrive on the driver's event thread, carrying no time, while the
    /// <see cref="Line.HookSignalDecoder"/> that listens is single-threaded and works in line
    /// samples. So each edge is stamped on arrival (<see cref="LineTimeBase.Time"/>), pushed into a
    /// fixed ring, and handed to the listener on the service thread by <see cref="DeliverEdges"/>:
    /// in arrival order, alternating (a repeated state is dropped), converted to line samples
    /// through the <see cref="LineTimeBase"/> the frame pump anchors, never going backwards, and
    /// only up to the end of the frame being serviced, so every edge reaches the decoder before
    /// the frame that follows it. Debounce and meaning stay in the decoder (every board decodes
    /// alike); this class does neither.
    /// </para>
    /// <para>
    /// Ring trip (<see cref="SetRingTrip"/>) is called straight from the event thread on every
    /// closing edge: cutting the ring voltage must not wait for the service loop.
    /// </para>
    /// Pattern: dotnet/iot's src/devices/Button (hardware-free logic, thin GPIO layer).
    /// </summary>
    public sealed class GpioHookSwitch : IHookSwitch, IDisposable
    {
        /// <summary>
        /// Raw edges the ring holds by default: 256. A bouncing hook switch gives a few tens of
        /// edges within a 10 ms frame; the service thread drains the ring every frame, so this
        /// covers a stall of several hundred milliseconds of the worst chatter.
        /// </summary>
        public const int DefaultEdgeCapacity = 256;

        private readonly GpioController _gpio;
        private readonly int _pin;
        private readonly bool _activeLow;
        private readonly LineTimeBase _timeBase;
        private readonly RawEdgeRing _ring;
        private readonly PinChangeEventHandler _onEdge; // kept: registered and unregistered as the same delegate
        private IHookEdgeListener? _listener;
        private IRingTrip? _ringTrip;
        private volatile bool _loopClosed;
        private bool _deliveredClosed;   // last state handed to the listener (service thread only)
        private long _deliveredAt;       // its time, and the floor for the next edge (service thread only)
        private long _edges;
        private bool _disposed;

        /// <summary>
        /// Opens <paramref name="pin"/> on <paramref name="gpio"/> as an input with
        /// <paramref name="inputMode"/> (<see cref="PinMode.Input"/>, or with the SoC's pull-up or
        /// pull-down as the board needs) and watches both edges. <paramref name="activeLow"/>: the
        /// loop is closed when the pin reads low. The loop state at construction is the starting
        /// state (reported by <see cref="LoopClosed"/>, not as an edge).
        /// </summary>
        public GpioHookSwitch(GpioController gpio, int pin, bool activeLow, PinMode inputMode, LineTimeBase timeBase,
            int edgeCapacity = DefaultEdgeCapacity)
        {
            _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
            _timeBase = timeBase ?? throw new ArgumentNullException(nameof(timeBase));
            if (inputMode != PinMode.Input && inputMode != PinMode.InputPullUp && inputMode != PinMode.InputPullDown)
            {
                throw new ArgumentOutOfRangeException(nameof(inputMode), "SHK is an input");
            }
            _pin = pin;
            _activeLow = activeLow;
            _ring = new RawEdgeRing(edgeCapacity);
            _onEdge = OnPinChanged;
            _gpio.OpenPin(pin, inputMode);
            _loopClosed = IsClosed(_gpio.Read(pin));
            _deliveredClosed = _loopClosed;
            _gpio.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, _onEdge);
        }

        /// <inheritdoc />
        public bool LoopClosed { get { return _loopClosed; } }

        /// <summary>Raw edges received from the driver (bounce included, repeats included).</summary>
        public long EdgesReceived { get { return Interlocked.Read(ref _edges); } }

        /// <summary>Edges lost because the ring was full when they arrived (the newest was overwritten).</summary>
        public long EdgesOverwritten { get { return _ring.Overwritten; } }

        /// <summary>Edges received and not yet delivered.</summary>
        public int PendingEdges { get { return _ring.Count; } }

        /// <summary>GPIO line of SHK.</summary>
        public int Pin { get { return _pin; } }

        /// <inheritdoc />
        public void SetEdgeListener(IHookEdgeListener? listener) { _listener = listener; }

        /// <summary>Sets the ring generator to trip when the loop closes (null: none).</summary>
        public void SetRingTrip(IRingTrip? ringTrip) { _ringTrip = ringTrip; }

        /// <summary>
        /// Starts the time line over at line sample <paramref name="atSample"/>: drops pending
        /// edges (they belong to the old time line); the listener (a fresh decoder) is taken to
        /// believe the loop open. A loop already closed now (the phone off hook when the port
        /// starts, or lifted while it was starting) is queued as a closing edge, delivered with the
        /// first frame, so the port answers it with dial tone instead of missing the off-hook until
        /// the phone has hung up once. The board calls it when the frame pump starts.
        /// </summary>
        public void Restart(long atSample)
        {
            _ring.Clear();
            _deliveredClosed = false;
            _deliveredAt = atSample;
            if (_loopClosed) { _ring.Push(true, _timeBase.Time.GetTimestamp()); }
        }

        /// <summary>
        /// Service thread: hands the listener every pending edge that happened up to line sample
        /// <paramref name="upToSample"/> (normally the end of the frame about to be processed), in
        /// order, alternating, each at a time no earlier than the previous one nor than the
        /// previous call's <paramref name="upToSample"/>. Later edges wait for the next call.
        /// Returns how many were delivered. Allocates nothing.
        /// </summary>
        public int DeliverEdges(long upToSample)
        {
            int delivered = 0;
            while (_ring.TryPeek(out bool closed, out long timestamp))
            {
                long at = _timeBase.ToSamples(timestamp);
                if (at > upToSample) { break; } // after this frame: it waits for the next one
                _ring.DropOldest();
                if (closed == _deliveredClosed) { continue; } // a repeat (e.g. a lost edge between): not an edge
                if (at < _deliveredAt) { at = _deliveredAt; } // never backwards (anchor jitter, late arrival)
                _deliveredClosed = closed;
                _deliveredAt = at;
                delivered++;
                _listener?.HookEdge(closed, at);
            }
            // The decoder has been advanced to this frame's end; nothing later may be dated before it.
            if (upToSample > _deliveredAt) { _deliveredAt = upToSample; }
            return delivered;
        }

        /// <summary>Unregisters the callback and closes the pin.</summary>
        public void Dispose()
        {
            if (_disposed) { return; }
            _disposed = true;
            _gpio.UnregisterCallbackForPinValueChangedEvent(_pin, _onEdge);
            if (_gpio.IsPinOpen(_pin)) { _gpio.ClosePin(_pin); }
        }

        // Driver event thread: stamp first, then everything else. Allocates nothing.
        private void OnPinChanged(object sender, PinValueChangedEventArgs e)
        {
            long timestamp = _timeBase.Time.GetTimestamp();
            bool high = (e.ChangeType & PinEventTypes.Rising) != 0;
            bool closed = high != _activeLow;
            Interlocked.Increment(ref _edges);
            _loopClosed = closed;
            _ring.Push(closed, timestamp);
            if (closed) { _ringTrip?.LoopClosed(); }
        }

        private bool IsClosed(PinValue value)
        {
            return (value == PinValue.High) != _activeLow;
        }
    }
}
