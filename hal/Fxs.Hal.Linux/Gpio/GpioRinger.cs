using System;
using System.Device.Gpio;
using System.Threading;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The SLIC's ring generator on two GPIO outputs, as an <see cref="IRinger"/>: RM (ring mode)
    /// asserted while ringing, and F/R (forward/reverse line polarity) toggled every half period
    /// of the ring frequency, which the SLIC turns into the ring voltage's sine (e.g. Silvertel
    /// Ag1171: ring signal from F/R while RM is high). The 1 s on / 2 s off cadence is the
    /// portable <see cref="Line.RingCadence"/>'s, which calls <see cref="SetRinging"/>.
    /// <para>
    /// The toggles come from a timer of the injected <see cref="TimeProvider"/>, created once
    /// (stopped) and only re-armed by <see cref="SetRinging"/>, so ringing allocates nothing.
    /// Ring trip: <see cref="LoopClosed"/> (from <see cref="GpioHookSwitch.SetRingTrip"/>) stops at
    /// once, and <see cref="SetRinging"/>(true) does not ring while the loop is already closed —
    /// ringing into an off-hook phone is what a trip circuit exists to prevent.
    /// </para>
    /// Thread-safe: the service thread, the timer and the GPIO event thread all call in; one lock
    /// orders them (and the GPIO writes).
    /// </summary>
    public sealed class GpioRinger : IRinger, IRingTrip, IDisposable
    {
        /// <summary>Ring frequency by default, Hz: 16 Hz, the usual Japanese ringer frequency (15-20 Hz allowed; research/dtmf-receiver.md).</summary>
        public const int DefaultFrequencyHz = 16;

        /// <summary>Lowest ring frequency accepted, Hz (Japanese ringing: 15-20 Hz).</summary>
        public const int MinFrequencyHz = 15;

        /// <summary>Highest ring frequency accepted, Hz (Japanese ringing: 15-20 Hz).</summary>
        public const int MaxFrequencyHz = 20;

        private readonly object _gate = new object();
        private readonly GpioController _gpio;
        private readonly int _rmPin;
        private readonly bool _rmActiveLow;
        private readonly int _frPin;
        private readonly bool _frActiveLow;
        private readonly IHookSwitch? _loop;
        private readonly TimeSpan _halfPeriod;
        private readonly ITimer _timer;
        private bool _ringing;
        private bool _reverse;
        private long _toggles;
        private int _bursts;
        private int _trips;
        private bool _disposed;

        /// <summary>
        /// Opens RM (<paramref name="rmPin"/>) and F/R (<paramref name="frPin"/>) as outputs,
        /// deasserted (no ringing, forward polarity). Each output is asserted at the low level when
        /// its activeLow is true. <paramref name="frequencyHz"/>: 15-20 Hz.
        /// <paramref name="loop"/> (optional): the hook switch consulted before ringing.
        /// </summary>
        public GpioRinger(GpioController gpio, int rmPin, bool rmActiveLow, int frPin, bool frActiveLow,
            int frequencyHz, TimeProvider time, IHookSwitch? loop = null)
        {
            _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
            if (time == null) { throw new ArgumentNullException(nameof(time)); }
            if (frequencyHz < MinFrequencyHz || frequencyHz > MaxFrequencyHz) { throw new ArgumentOutOfRangeException(nameof(frequencyHz), "15-20 Hz"); }
            if (rmPin == frPin) { throw new ArgumentException("RM and F/R must be different lines", nameof(frPin)); }
            _rmPin = rmPin;
            _rmActiveLow = rmActiveLow;
            _frPin = frPin;
            _frActiveLow = frActiveLow;
            _loop = loop;
            FrequencyHz = frequencyHz;
            // One toggle per half period: 1 / (2 f) s, in 100 ns ticks (16 Hz: 31.25 ms exactly).
            _halfPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / (2L * frequencyHz));
            _gpio.OpenPin(rmPin, PinMode.Output, Level(false, rmActiveLow));
            _gpio.OpenPin(frPin, PinMode.Output, Level(false, frActiveLow));
            _timer = time.CreateTimer(OnHalfPeriod, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Ring frequency, Hz.</summary>
        public int FrequencyHz { get; }

        /// <inheritdoc />
        public bool IsRinging { get { lock (_gate) { return _ringing; } } }

        /// <summary>F/R asserted (reverse polarity) now.</summary>
        public bool Reverse { get { lock (_gate) { return _reverse; } } }

        /// <summary>F/R toggles since construction.</summary>
        public long Toggles { get { lock (_gate) { return _toggles; } } }

        /// <summary>Times the ring voltage was switched on.</summary>
        public int Bursts { get { lock (_gate) { return _bursts; } } }

        /// <summary>Times ringing was stopped by the loop closing.</summary>
        public int Trips { get { lock (_gate) { return _trips; } } }

        /// <inheritdoc />
        public void SetRinging(bool on)
        {
            lock (_gate)
            {
                if (_disposed || on == _ringing) { return; }
                if (on)
                {
                    if (_loop != null && _loop.LoopClosed) { _trips++; return; } // tripped before it began
                    _ringing = true;
                    _bursts++;
                    SetFr(false);
                    _gpio.Write(_rmPin, Level(true, _rmActiveLow));
                    _timer.Change(_halfPeriod, _halfPeriod);
                }
                else
                {
                    StopLocked();
                }
            }
        }

        /// <summary>Ring trip: the loop closed; stops ringing now (RM off, F/R forward) if ringing.</summary>
        public void LoopClosed()
        {
            lock (_gate)
            {
                if (!_ringing) { return; }
                _trips++;
                StopLocked();
            }
        }

        /// <summary>Stops ringing and the timer; leaves RM and F/R deasserted, then closes them.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) { return; }
                StopLocked();
                _disposed = true;
            }
            _timer.Dispose();
            if (_gpio.IsPinOpen(_rmPin)) { _gpio.ClosePin(_rmPin); }
            if (_gpio.IsPinOpen(_frPin)) { _gpio.ClosePin(_frPin); }
        }

        private void OnHalfPeriod(object? state)
        {
            lock (_gate)
            {
                if (!_ringing) { return; } // a tick already dispatched when ringing stopped
                SetFr(!_reverse);
                _toggles++;
            }
        }

        private void StopLocked()
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _ringing = false;
            _gpio.Write(_rmPin, Level(false, _rmActiveLow));
            SetFr(false);
        }

        private void SetFr(bool reverse)
        {
            _reverse = reverse;
            _gpio.Write(_frPin, Level(reverse, _frActiveLow));
        }

        private static PinValue Level(bool asserted, bool activeLow)
        {
            return asserted != activeLow ? PinValue.High : PinValue.Low;
        }
    }
}
