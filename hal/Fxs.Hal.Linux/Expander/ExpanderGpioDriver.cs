using System;
using System.Device.Gpio;
using System.Device.I2c;
using System.Threading;
using Iot.Device.Mcp23xxx;

namespace Fxs.Hal.Linux.Expander
{
    /// <summary>
    /// One <see cref="GpioDriver"/> over two: the board's gpiochip (lines 0-1023 by their numbers) and
    /// an MCP23017/MCP23008 I2C expander (pin n as line <see cref="ExpanderPinBase"/> + n), driven by
    /// dotnet/iot's own <see cref="Mcp23xxx"/> driver (Iot.Device.Bindings), itself a GpioDriver. The
    /// board's <see cref="GpioController"/> is made on this one, so SHK, RM, F/R and PD may each sit on
    /// either side without the hook switch or the ringer knowing.
    /// <para>
    /// Edges of an expander input come one of two ways. With the expander's INT output wired to a
    /// native line (<see cref="ExpanderSettings.InterruptLine"/>), the Mcp23xxx driver arms
    /// interrupt-on-change (GPINTEN, INTCON) and, on INT's falling edge, reads INTF and GPIO (which
    /// clears the interrupt) and raises the pin's callback on the native driver's event thread. With
    /// none, the pin is read every <see cref="ExpanderSettings.PollPeriod"/> (1 ms) by a timer of the
    /// injected <see cref="TimeProvider"/>, and a change is raised from there. Either way the hook
    /// switch stamps the edge when its callback runs: within an I2C transaction (≈ 0.1 ms at 400 kHz)
    /// of the change with an interrupt, within a poll period without.
    /// </para>
    /// <para>
    /// Raising an edge allocates nothing here (the event arguments are made once per pin; the
    /// Mcp23xxx driver's interrupt path allocates its own). Thread-safe: the expander driver locks
    /// around each register transaction; registrations take this driver's lock.
    /// </para>
    /// </summary>
    public sealed class ExpanderGpioDriver : GpioDriver
    {
        /// <summary>Line number of expander pin 0: 1024, one above the highest gpiochip line a board file accepts.</summary>
        public const int ExpanderPinBase = 1024;

        private readonly object _gate = new object();
        private readonly GpioController _native;
        private readonly GpioController _expander;
        private readonly ExpanderSettings _settings;
        private readonly bool _interruptWired;
        private readonly TimeProvider _time;
        private readonly PinChangeEventHandler?[] _handlers;
        private readonly PinEventTypes[] _types;
        private readonly PinChangeEventHandler?[] _forwarders;
        private readonly PinValueChangedEventArgs[] _rising;
        private readonly PinValueChangedEventArgs[] _falling;
        private readonly bool[] _polled;
        private readonly bool[] _lastHigh;
        private ITimer? _poller;
        private int _polling; // 1 while a poll runs: a slow bus makes the timer skip, not pile up
        private long _polls;
        private long _pollFailures;
        private bool _disposed;

        /// <summary>
        /// Routes lines over <paramref name="native"/> (owned: disposed with this driver) and
        /// <paramref name="expander"/> (owned; made with <paramref name="native"/> as its interrupt
        /// controller when <see cref="ExpanderSettings.InterruptLine"/> is set). Use <see cref="Open"/>.
        /// </summary>
        public ExpanderGpioDriver(GpioController native, Mcp23xxx expander, ExpanderSettings settings, TimeProvider time)
        {
            _native = native ?? throw new ArgumentNullException(nameof(native));
            if (expander == null) { throw new ArgumentNullException(nameof(expander)); }
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _time = time ?? throw new ArgumentNullException(nameof(time));
            settings.Validate();
            _expander = new GpioController(expander);
            _interruptWired = settings.InterruptLine.HasValue;
            int pins = settings.PinCount;
            _handlers = new PinChangeEventHandler?[pins];
            _types = new PinEventTypes[pins];
            _forwarders = new PinChangeEventHandler?[pins];
            _rising = new PinValueChangedEventArgs[pins];
            _falling = new PinValueChangedEventArgs[pins];
            _polled = new bool[pins];
            _lastHigh = new bool[pins];
            for (int p = 0; p < pins; p++)
            {
                _rising[p] = new PinValueChangedEventArgs(PinEventTypes.Rising, ExpanderPinBase + p);
                _falling[p] = new PinValueChangedEventArgs(PinEventTypes.Falling, ExpanderPinBase + p);
            }
        }

        /// <summary>
        /// The expander <paramref name="settings"/> describes on <paramref name="device"/> (owned), with
        /// <paramref name="native"/> (owned) for the board's other lines and the INT line.
        /// <paramref name="hookLine"/>: SHK's line, whose port's INT the interrupt line carries.
        /// A chip that does not answer is a <see cref="BoardPartException"/> naming it.
        /// </summary>
        public static ExpanderGpioDriver Open(GpioController native, I2cDevice device, ExpanderSettings settings, int hookLine, TimeProvider time)
        {
            if (native == null) { throw new ArgumentNullException(nameof(native)); }
            if (device == null) { throw new ArgumentNullException(nameof(device)); }
            if (settings == null) { throw new ArgumentNullException(nameof(settings)); }
            settings.Validate();
            int interrupt = settings.InterruptLine ?? -1;
            bool portB = hookLine >= ExpanderPinBase + 8;
            Mcp23xxx chip;
            try
            {
                // The constructor writes IODIR, GPIO and IPOL: the first transactions, so a missing chip fails here.
                chip = settings.Chip == ExpanderSettings.Mcp23008
                    ? new Mcp23008(device, -1, interrupt, native, shouldDispose: false)
                    : new Mcp23017(device, -1, portB ? -1 : interrupt, portB ? interrupt : -1, native, shouldDispose: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException && e is not ArgumentException)
            {
                device.Dispose();
                if (settings.InterruptLine.HasValue && native.IsPinOpen(settings.InterruptLine.Value))
                {
                    native.ClosePin(settings.InterruptLine.Value);
                }
                throw new BoardPartException(settings.Describe(), "does not answer (" + BoardPartException.FirstLine(e.Message) + ")",
                    "check its wiring, power and address (`i2cdetect -y " + settings.I2cBus + "`), and gpio.expander in the board file", e);
            }
            return new ExpanderGpioDriver(native, chip, settings, time);
        }

        /// <summary>The expander's settings.</summary>
        public ExpanderSettings Settings { get { return _settings; } }

        /// <summary>Polls of expander inputs done (no interrupt line).</summary>
        public long Polls { get { return Interlocked.Read(ref _polls); } }

        /// <summary>Polls that failed (an I2C error): the input keeps its last level until a poll succeeds.</summary>
        public long PollFailures { get { return Interlocked.Read(ref _pollFailures); } }

        /// <summary>True for a line on the expander.</summary>
        public static bool IsExpanderLine(int line) { return line >= ExpanderPinBase; }

        /// <inheritdoc />
        protected override int PinCount { get { return ExpanderPinBase + _settings.PinCount; } }

        /// <inheritdoc />
        protected override void OpenPin(int pinNumber)
        {
            if (IsExpanderLine(pinNumber)) { _expander.OpenPin(Pin(pinNumber)); }
            else { _native.OpenPin(pinNumber); }
        }

        /// <inheritdoc />
        protected override void ClosePin(int pinNumber)
        {
            if (IsExpanderLine(pinNumber)) { _expander.ClosePin(Pin(pinNumber)); }
            else { _native.ClosePin(pinNumber); }
        }

        /// <inheritdoc />
        protected override void SetPinMode(int pinNumber, PinMode mode)
        {
            if (IsExpanderLine(pinNumber)) { _expander.SetPinMode(Pin(pinNumber), mode); }
            else { _native.SetPinMode(pinNumber, mode); }
        }

        /// <inheritdoc />
        protected override PinMode GetPinMode(int pinNumber)
        {
            return IsExpanderLine(pinNumber) ? _expander.GetPinMode(Pin(pinNumber)) : _native.GetPinMode(pinNumber);
        }

        /// <inheritdoc />
        protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
        {
            return IsExpanderLine(pinNumber) ? _expander.IsPinModeSupported(Pin(pinNumber), mode) : _native.IsPinModeSupported(pinNumber, mode);
        }

        /// <inheritdoc />
        protected override PinValue Read(int pinNumber)
        {
            return IsExpanderLine(pinNumber) ? _expander.Read(Pin(pinNumber)) : _native.Read(pinNumber);
        }

        /// <inheritdoc />
        protected override void Write(int pinNumber, PinValue value)
        {
            if (IsExpanderLine(pinNumber)) { _expander.Write(Pin(pinNumber), value); }
            else { _native.Write(pinNumber, value); }
        }

        /// <inheritdoc />
        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
        {
            // Not used by the HAL (it registers callbacks).
            if (IsExpanderLine(pinNumber)) { return _expander.WaitForEvent(Pin(pinNumber), eventTypes, cancellationToken); }
            return _native.WaitForEvent(pinNumber, eventTypes, cancellationToken);
        }

        /// <inheritdoc />
        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
            if (callback == null) { throw new ArgumentNullException(nameof(callback)); }
            if (!IsExpanderLine(pinNumber))
            {
                _native.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);
                return;
            }
            int pin = Pin(pinNumber);
            lock (_gate)
            {
                bool first = _handlers[pin] == null;
                _handlers[pin] = (PinChangeEventHandler?)Delegate.Combine(_handlers[pin], callback);
                _types[pin] |= eventTypes;
                if (!first) { return; }
                if (_interruptWired)
                {
                    // The Mcp23xxx driver arms the pin's interrupt-on-change and listens on INT.
                    PinChangeEventHandler forward = (sender, e) => Raise(pin, e.ChangeType == PinEventTypes.Rising);
                    _forwarders[pin] = forward;
                    _expander.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, forward);
                }
                else
                {
                    _lastHigh[pin] = _expander.Read(pin) == PinValue.High;
                    _polled[pin] = true;
                    _poller ??= _time.CreateTimer(Poll, null, _settings.PollPeriod, _settings.PollPeriod);
                }
            }
        }

        /// <inheritdoc />
        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
            if (!IsExpanderLine(pinNumber))
            {
                _native.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);
                return;
            }
            int pin = Pin(pinNumber);
            lock (_gate)
            {
                _handlers[pin] = (PinChangeEventHandler?)Delegate.Remove(_handlers[pin], callback);
                if (_handlers[pin] != null) { return; }
                _types[pin] = PinEventTypes.None;
                _polled[pin] = false;
                PinChangeEventHandler? forward = _forwarders[pin];
                _forwarders[pin] = null;
                if (forward != null) { _expander.UnregisterCallbackForPinValueChangedEvent(pin, forward); }
            }
        }

        /// <summary>Disposes the poller, the expander (and its I2C device) and the native controller.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                _poller?.Dispose();
                _expander.Dispose();
                _native.Dispose();
            }
            base.Dispose(disposing);
        }

        // Timer thread (no interrupt line): reads each watched input, raises a change.
        private void Poll(object? state)
        {
            if (Interlocked.Exchange(ref _polling, 1) == 1) { return; }
            try
            {
                Interlocked.Increment(ref _polls);
                for (int pin = 0; pin < _polled.Length; pin++)
                {
                    if (!_polled[pin]) { continue; }
                    bool high;
                    try { high = _expander.Read(pin) == PinValue.High; }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // A bus error or a close racing this tick: the level is kept; the next poll retries.
                        Interlocked.Increment(ref _pollFailures);
                        continue;
                    }
                    if (high == _lastHigh[pin]) { continue; }
                    _lastHigh[pin] = high;
                    Raise(pin, high);
                }
            }
            finally
            {
                Volatile.Write(ref _polling, 0);
            }
        }

        private void Raise(int pin, bool rising)
        {
            PinChangeEventHandler? handler = _handlers[pin];
            PinEventTypes type = rising ? PinEventTypes.Rising : PinEventTypes.Falling;
            if (handler == null || (_types[pin] & type) == 0) { return; }
            handler(this, rising ? _rising[pin] : _falling[pin]);
        }

        private int Pin(int line)
        {
            int pin = line - ExpanderPinBase;
            if (pin < 0 || pin >= _settings.PinCount)
            {
                throw new ArgumentOutOfRangeException(nameof(line), "expander pins are " + ExpanderPinBase + "-" + (ExpanderPinBase + _settings.PinCount - 1));
            }
            return pin;
        }
    }
}
