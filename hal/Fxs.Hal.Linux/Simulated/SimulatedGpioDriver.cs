using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;

namespace Fxs.Hal.Linux.Simulated
{
    /// <summary>
    /// Bench and test part: a <see cref="GpioDriver"/> with no hardware behind it. Inputs are set
    /// from code (<see cref="SetInput"/>), which raises the registered edge callbacks on the
    /// calling thread, as a real driver raises them on its event thread; outputs written by the
    /// firmware can be read back (<see cref="GetOutput"/>) and their changes counted or watched
    /// (<see cref="OutputChanged"/>). Put it under a <see cref="GpioController"/> (or a
    /// <see cref="LinuxBoard"/>) in place of libgpiod.
    /// <para>
    /// Raising an edge allocates nothing (the event arguments are made once per pin); registering
    /// a callback does. Thread-safe: one lock; callbacks run outside it.
    /// </para>
    /// </summary>
    public sealed class SimulatedGpioDriver : GpioDriver
    {
        private readonly object _gate = new object();
        private readonly int _pinCount;
        private readonly bool[] _open;
        private readonly PinMode[] _mode;
        private readonly PinValue[] _value;
        private readonly long[] _changes;
        private readonly PinValueChangedEventArgs[] _rising;
        private readonly PinValueChangedEventArgs[] _falling;
        private readonly List<Registration>[] _callbacks;
        private readonly bool[] _heldElsewhere;

        /// <summary>A driver with <paramref name="pinCount"/> lines (numbered 0..pinCount-1), all low and closed.</summary>
        public SimulatedGpioDriver(int pinCount = 64)
        {
            if (pinCount < 1) { throw new ArgumentOutOfRangeException(nameof(pinCount)); }
            _pinCount = pinCount;
            _open = new bool[pinCount];
            _mode = new PinMode[pinCount];
            _value = new PinValue[pinCount];
            _changes = new long[pinCount];
            _rising = new PinValueChangedEventArgs[pinCount];
            _falling = new PinValueChangedEventArgs[pinCount];
            _callbacks = new List<Registration>[pinCount];
            _heldElsewhere = new bool[pinCount];
            for (int p = 0; p < pinCount; p++)
            {
                _value[p] = PinValue.Low;
                _rising[p] = new PinValueChangedEventArgs(PinEventTypes.Rising, p);
                _falling[p] = new PinValueChangedEventArgs(PinEventTypes.Falling, p);
                _callbacks[p] = new List<Registration>(2);
            }
        }

        /// <summary>An output changed level: (pin, new level). Raised on the writing thread, outside the lock.</summary>
        public event Action<int, PinValue>? OutputChanged;

        /// <summary>True while the firmware holds <paramref name="pin"/> open.</summary>
        public bool IsOpen(int pin) { lock (_gate) { return _open[Check(pin)]; } }

        /// <summary>The mode the firmware set on <paramref name="pin"/>.</summary>
        public PinMode ModeOf(int pin) { lock (_gate) { return _mode[Check(pin)]; } }

        /// <summary>The level last written to <paramref name="pin"/> (or set as input).</summary>
        public PinValue GetOutput(int pin) { lock (_gate) { return _value[Check(pin)]; } }

        /// <summary>Level changes of <paramref name="pin"/> since construction, written or set.</summary>
        public long ChangesOf(int pin) { lock (_gate) { return _changes[Check(pin)]; } }

        /// <summary>
        /// Drives input <paramref name="pin"/> to <paramref name="value"/>; when the level changes,
        /// raises the Rising or Falling callbacks registered for it, on this thread. Returns
        /// whether the level changed. Works on closed pins too (the line exists before it is opened).
        /// </summary>
        public bool SetInput(int pin, PinValue value)
        {
            Check(pin);
            PinValueChangedEventArgs args;
            Registration r0 = default, r1 = default;
            int extra;
            List<Registration>? rest = null;
            lock (_gate)
            {
                if (_value[pin] == value) { return false; }
                _value[pin] = value;
                _changes[pin]++;
                bool rising = value == PinValue.High;
                args = rising ? _rising[pin] : _falling[pin];
                PinEventTypes type = rising ? PinEventTypes.Rising : PinEventTypes.Falling;
                List<Registration> list = _callbacks[pin];
                // Up to two callbacks are copied out without allocating; more is unusual (copied to a list).
                int n = 0;
                for (int i = 0; i < list.Count; i++)
                {
                    if ((list[i].Types & type) == 0) { continue; }
                    if (n == 0) { r0 = list[i]; }
                    else if (n == 1) { r1 = list[i]; }
                    else { (rest ??= new List<Registration>()).Add(list[i]); }
                    n++;
                }
                extra = n;
            }
            if (extra > 0) { r0.Handler(this, args); }
            if (extra > 1) { r1.Handler(this, args); }
            if (rest != null) { foreach (Registration r in rest) { r.Handler(this, args); } }
            return true;
        }

        /// <inheritdoc />
        protected override int PinCount { get { return _pinCount; } }

        /// <summary>Another process holds <paramref name="pin"/> (another daemon, a `gpioset`): opening it fails with EBUSY, as the kernel's does.</summary>
        public void HoldElsewhere(int pin)
        {
            lock (_gate) { _heldElsewhere[Check(pin)] = true; }
        }

        /// <inheritdoc />
        protected override void OpenPin(int pinNumber)
        {
            lock (_gate)
            {
                if (_heldElsewhere[Check(pinNumber)]) { throw new System.IO.IOException("Device or resource busy (line " + pinNumber + " requested by another consumer)"); }
                _open[pinNumber] = true;
            }
        }

        /// <inheritdoc />
        protected override void ClosePin(int pinNumber)
        {
            lock (_gate)
            {
                _open[Check(pinNumber)] = false;
                _callbacks[pinNumber].Clear();
            }
        }

        /// <inheritdoc />
        protected override void SetPinMode(int pinNumber, PinMode mode)
        {
            lock (_gate) { _mode[Check(pinNumber)] = mode; }
        }

        /// <inheritdoc />
        protected override PinMode GetPinMode(int pinNumber)
        {
            lock (_gate) { return _mode[Check(pinNumber)]; }
        }

        /// <inheritdoc />
        protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
        {
            Check(pinNumber);
            return true;
        }

        /// <inheritdoc />
        protected override PinValue Read(int pinNumber)
        {
            lock (_gate) { return _value[Check(pinNumber)]; }
        }

        /// <inheritdoc />
        protected override void Write(int pinNumber, PinValue value)
        {
            bool changed;
            lock (_gate)
            {
                changed = _value[Check(pinNumber)] != value;
                _value[pinNumber] = value;
                if (changed) { _changes[pinNumber]++; }
            }
            if (changed) { OutputChanged?.Invoke(pinNumber, value); }
        }

        /// <inheritdoc />
        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
        {
            // Not used by the HAL (it registers callbacks); polls the level so a caller still works.
            Check(pinNumber);
            PinValue start;
            lock (_gate) { start = _value[pinNumber]; }
            while (!cancellationToken.IsCancellationRequested)
            {
                PinValue now;
                lock (_gate) { now = _value[pinNumber]; }
                if (now != start)
                {
                    PinEventTypes type = now == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                    if ((eventTypes & type) != 0) { return new WaitForEventResult { EventTypes = type, TimedOut = false }; }
                    start = now;
                }
                Thread.Sleep(1);
            }
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }

        /// <inheritdoc />
        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
            if (callback == null) { throw new ArgumentNullException(nameof(callback)); }
            lock (_gate) { _callbacks[Check(pinNumber)].Add(new Registration(eventTypes, callback)); }
        }

        /// <inheritdoc />
        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
            lock (_gate)
            {
                List<Registration> list = _callbacks[Check(pinNumber)];
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i].Handler == callback) { list.RemoveAt(i); }
                }
            }
        }

        /// <inheritdoc />
        public override GpioChipInfo GetChipInfo()
        {
            return new GpioChipInfo(0, "sim", "fxs-simulated", _pinCount);
        }

        private int Check(int pin)
        {
            if (pin < 0 || pin >= _pinCount) { throw new ArgumentOutOfRangeException(nameof(pin)); }
            return pin;
        }

        private readonly struct Registration
        {
            public Registration(PinEventTypes types, PinChangeEventHandler handler) { Types = types; Handler = handler; }
            public PinEventTypes Types { get; }
            public PinChangeEventHandler Handler { get; }
        }
    }
}
