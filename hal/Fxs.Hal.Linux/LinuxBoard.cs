using System;
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Microsoft.Extensions.Logging;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// A Linux gateway board: a SLIC's SHK/RM/F-R(/PD) lines on GPIO and its codec on ALSA, as the
    /// HAL contracts (<see cref="Codec"/>, <see cref="HookSwitch"/>, <see cref="Ringer"/>,
    /// <see cref="Clock"/>). Built from <see cref="LinuxBoardSettings"/>, either on real hardware
    /// (<see cref="Create"/>) or on injected parts (the constructor: tests and the bench pass a
    /// <see cref="Simulated.SimulatedGpioDriver"/>, <see cref="Simulated.SimulatedPcmDevice"/>s and
    /// a fake <see cref="TimeProvider"/>).
    /// <para>
    /// The daemon's service loop, on one thread, one frame per turn:
    /// <code>
    /// board.Start();
    /// while (!stop)
    /// {
    ///     if (!board.WaitFrame(TimeSpan.FromMilliseconds(100))) { continue; } // admits one heard frame
    ///     board.DeliverHookEdges();            // edges up to that frame's end → the port's HookSignalDecoder
    ///     port.Service();                      // GatewayPort: reads the frame, queues one to play
    ///     cadence.Advance(board.Clock.NowSamples);
    /// }
    /// </code>
    /// Nothing in it allocates in steady state.
    /// </para>
    /// <para>
    /// Threads: the pump's capture and playback threads (<see cref="PcmFramePump"/>), the GPIO
    /// driver's event thread (stamps edges, trips the ringer), the ringer's timer, and the service
    /// thread above, which alone touches the decoder and the gateway. Time: one line-sample time
    /// line, counted by the capture thread, shared with hook edges through
    /// <see cref="LineTimeBase"/>.
    /// </para>
    /// </summary>
    public sealed class LinuxBoard : IDisposable
    {
        private readonly LinuxBoardSettings _settings;
        private readonly GpioController _gpio;
        private readonly LineTimeBase _timeBase;
        private readonly GpioHookSwitch _hook;
        private readonly GpioRinger _ringer;
        private readonly PcmFramePump _pump;
        private readonly PcmCodecPort _codec;
        private readonly PcmLineClock _clock;
        private bool _started;
        private bool _disposed;

        /// <summary>
        /// A board on injected parts: <paramref name="gpioDriver"/> (owned: disposed with the board),
        /// <paramref name="capture"/> and <paramref name="playback"/> PCM devices, and
        /// <paramref name="time"/> for edge stamps, the ringer's timer and log rate limits.
        /// </summary>
        public LinuxBoard(LinuxBoardSettings settings, GpioDriver gpioDriver, IPcmDevice capture, IPcmDevice playback,
            TimeProvider time, ILogger? logger = null)
            : this(settings, new GpioController(gpioDriver ?? throw new ArgumentNullException(nameof(gpioDriver))), capture, playback, time, logger)
        {
        }

        private LinuxBoard(LinuxBoardSettings settings, GpioController gpio, IPcmDevice capture, IPcmDevice playback,
            TimeProvider time, ILogger? logger)
        {
            if (settings == null) { throw new ArgumentNullException(nameof(settings)); }
            if (time == null) { throw new ArgumentNullException(nameof(time)); }
            settings.Validate();
            _settings = settings;
            _gpio = gpio;
            try
            {
                _timeBase = new LineTimeBase(time);
                if (settings.PdLine.HasValue)
                {
                    // Powered down until Start: no loop feed, no spurious SHK while the rest comes up.
                    try { _gpio.OpenPin(settings.PdLine.Value, PinMode.Output, Level(true, settings.PdActiveLow)); }
                    catch (Exception e) when (IsDriverFailure(e)) { throw GpioOpenErrors.Line(settings.PdLine.Value, "PD", settings.GpioChip, e); }
                }
                try { _hook = new GpioHookSwitch(_gpio, settings.ShkLine, settings.ShkActiveLow, settings.ShkBias, _timeBase); }
                catch (Exception e) when (IsDriverFailure(e)) { throw GpioOpenErrors.Line(settings.ShkLine, "SHK", settings.GpioChip, e); }
                try
                {
                    _ringer = new GpioRinger(_gpio, settings.RmLine, settings.RmActiveLow, settings.FrLine, settings.FrActiveLow,
                        settings.RingFrequencyHz, time, _hook);
                }
                catch (Exception e) when (IsDriverFailure(e))
                {
                    // RM opens first: if it is open, F/R is the line that failed.
                    bool rmOpen = _gpio.IsPinOpen(settings.RmLine);
                    throw GpioOpenErrors.Line(rmOpen ? settings.FrLine : settings.RmLine, rmOpen ? "F/R" : "RM", settings.GpioChip, e);
                }
                _hook.SetRingTrip(_ringer);
                _pump = new PcmFramePump(capture, playback, settings.Encoding, settings.PeriodFrames, settings.BufferPeriods, _timeBase, logger);
                _codec = new PcmCodecPort(_pump);
                _clock = new PcmLineClock(_codec);
            }
            catch
            {
                _gpio.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A board on real hardware: the GPIO driver <paramref name="settings"/> names on its
        /// gpiochip, ALSA PCMs by name (<see cref="AlsaPcmDevice"/>), the system clock.
        /// </summary>
        public static LinuxBoard Create(LinuxBoardSettings settings, ILogger? logger = null)
        {
            if (settings == null) { throw new ArgumentNullException(nameof(settings)); }
            settings.Validate();
            GpioController gpio;
            try { gpio = CreateGpioController(settings.GpioDriver, settings.GpioChip); }
            catch (Exception e) when (IsDriverFailure(e)) { throw GpioOpenErrors.Controller(settings.GpioDriver, settings.GpioChip, e); }
            if (settings.Expander != null) { gpio = Expander.ExpanderOpen.Open(gpio, settings); }
            return new LinuxBoard(settings, gpio, new AlsaPcmDevice(settings.CaptureDevice), new AlsaPcmDevice(settings.PlaybackDevice),
                TimeProvider.System, logger);
        }

        /// <summary>The GPIO controller for a driver kind (<see cref="GpioDriverKinds"/>) on gpiochip <paramref name="chip"/>.</summary>
        public static GpioController CreateGpioController(string driverKind, int chip)
        {
            switch (driverKind)
            {
                case GpioDriverKinds.LibgpiodV2: return new GpioController(new LibGpiodV2Driver(chip));
                case GpioDriverKinds.LibgpiodV1: return new GpioController(new LibGpiodDriver(chip));
                case GpioDriverKinds.Sysfs: return new GpioController(new SysFsDriver());
                case GpioDriverKinds.RaspberryPi: return new GpioController(new RaspberryPi3Driver());
                case GpioDriverKinds.Auto: return new GpioController();
                default: throw new ArgumentException($"unknown GPIO driver '{driverKind}'", nameof(driverKind));
            }
        }

        // A driver's or the kernel's refusal (a missing library, device or line, no permission), not a
        // bad argument of ours (the settings were validated) nor a runtime failure.
        private static bool IsDriverFailure(Exception e)
        {
            return !(e is BoardPartException || e is ArgumentException || e is OutOfMemoryException || e is ObjectDisposedException);
        }

        /// <summary>The settings the board was built from.</summary>
        public LinuxBoardSettings Settings { get { return _settings; } }

        /// <summary>The codec port (frames admitted by <see cref="WaitFrame"/>).</summary>
        public ICodecPort Codec { get { return _codec; } }

        /// <summary>The loop detector; the gateway port sets its decoder as the edge listener.</summary>
        public IHookSwitch HookSwitch { get { return _hook; } }

        /// <summary>The ring generator (ring trip wired to the hook switch).</summary>
        public IRinger Ringer { get { return _ringer; } }

        /// <summary>Line time: the end of the last admitted frame.</summary>
        public IMonotonicClock Clock { get { return _clock; } }

        /// <summary>The time line frames and edges share.</summary>
        public LineTimeBase TimeBase { get { return _timeBase; } }

        /// <summary>Capture overruns (-EPIPE/-ESTRPIPE) since construction.</summary>
        public long CaptureOverruns { get { return _pump.CaptureOverruns; } }

        /// <summary>Playback underruns (-EPIPE/-ESTRPIPE) since construction.</summary>
        public long PlaybackUnderruns { get { return _pump.PlaybackUnderruns; } }

        /// <summary>Capture errors recovery could not repair.</summary>
        public long CaptureRecoveryFailures { get { return _pump.CaptureRecoveryFailures; } }

        /// <summary>Playback errors recovery could not repair.</summary>
        public long PlaybackRecoveryFailures { get { return _pump.PlaybackRecoveryFailures; } }

        /// <summary>Heard frames dropped because the service loop fell a whole ring behind.</summary>
        public long HeardFramesDropped { get { return _pump.HeardFramesDropped; } }

        /// <summary>Played frames that reached the device.</summary>
        public long PlayedFrames { get { return _pump.PlayedFrames; } }

        /// <summary>Frames of silence the device got because nothing was queued.</summary>
        public long SilentFrames { get { return _pump.SilentFrames; } }

        /// <summary>Raw hook edges received from the GPIO driver.</summary>
        public long HookEdgesReceived { get { return _hook.EdgesReceived; } }

        /// <summary>Raw hook edges lost to a full edge ring.</summary>
        public long HookEdgesOverwritten { get { return _hook.EdgesOverwritten; } }

        /// <summary>Ring bursts stopped by the loop closing.</summary>
        public int RingTrips { get { return _ringer.Trips; } }

        /// <summary>Powers the SLIC up (PD deasserted) and starts the frame pump; line time starts at the pump's sample count.</summary>
        public void Start()
        {
            if (_disposed) { throw new ObjectDisposedException(nameof(LinuxBoard)); }
            if (_started) { throw new InvalidOperationException("already started"); }
            if (_settings.PdLine.HasValue) { _gpio.Write(_settings.PdLine.Value, Level(false, _settings.PdActiveLow)); }
            _hook.Restart(_pump.CapturedSamples);
            try { _pump.Start(); }
            catch
            {
                // A PCM would not open: the SLIC goes back to power-down, as before Start.
                if (_settings.PdLine.HasValue) { _gpio.Write(_settings.PdLine.Value, Level(true, _settings.PdActiveLow)); }
                throw;
            }
            _started = true;
        }

        /// <summary>
        /// Service thread: waits up to <paramref name="timeout"/> for the next heard frame and
        /// admits it (true). Then call <see cref="DeliverHookEdges"/> and the gateway's Service().
        /// </summary>
        public bool WaitFrame(TimeSpan timeout)
        {
            return _codec.WaitHeard(timeout);
        }

        /// <summary>Service thread: hands the hook switch's listener every edge up to the end of the admitted frame; returns how many.</summary>
        public int DeliverHookEdges()
        {
            return _hook.DeliverEdges(_codec.AdmittedUpToSample);
        }

        /// <summary>Stops ringing and the pump, and powers the SLIC down (PD asserted).</summary>
        public void Stop()
        {
            if (!_started) { return; }
            _started = false;
            _ringer.SetRinging(false);
            _pump.Stop();
            if (_settings.PdLine.HasValue) { _gpio.Write(_settings.PdLine.Value, Level(true, _settings.PdActiveLow)); }
        }

        /// <summary>Stops, releases the lines and disposes the GPIO controller (and its driver).</summary>
        public void Dispose()
        {
            if (_disposed) { return; }
            Stop();
            _disposed = true;
            _pump.Dispose();
            _ringer.Dispose();
            _hook.Dispose();
            _gpio.Dispose();
        }

        private static PinValue Level(bool asserted, bool activeLow)
        {
            return asserted != activeLow ? PinValue.High : PinValue.Low;
        }
    }
}
