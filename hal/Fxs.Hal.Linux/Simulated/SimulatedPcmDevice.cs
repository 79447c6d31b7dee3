using System;
using System.Threading;

namespace Fxs.Hal.Linux.Simulated
{
    /// <summary>
    /// Bench and test part: an <see cref="IPcmDevice"/> with no sound card. Capture audio is fed
    /// from code (<see cref="SupplyCapture(ReadOnlySpan{short})"/>), played audio is collected
    /// (<see cref="TakePlayed(Span{short})"/>); pacing is <see cref="SimulatedPcmMode"/>. It keeps
    /// ALSA's error behaviour so the frame pump's recovery runs for real: an injected xrun
    /// (<see cref="InjectError"/>, <see cref="InjectCaptureOverrun"/>) is returned by the next
    /// transfer and by every transfer after it until <see cref="Recover"/> or <see cref="Prepare"/>
    /// succeeds; recoveries and prepares can be made to fail (<see cref="FailNextRecoveries"/>,
    /// <see cref="FailNextPrepares"/>). Samples are kept as 16-bit values whatever the encoding
    /// (G.711 codes as 0-255).
    /// <para>
    /// Buffers are allocated at construction; transfers allocate nothing. Thread-safe: one lock,
    /// one producer and one consumer side.
    /// </para>
    /// </summary>
    public sealed class SimulatedPcmDevice : IPcmDevice
    {
        /// <summary>How long a blocking transfer waits by default: 50 ms (five frames).</summary>
        public static readonly TimeSpan DefaultBlockTimeout = TimeSpan.FromMilliseconds(50);

        private const int MaxInjected = 64;

        private readonly object _gate = new object();
        private readonly SimulatedPcmMode _mode;
        private readonly short[] _capture;
        private readonly short[] _played;
        private readonly int[] _injected = new int[MaxInjected];
        private int _captureFirst, _captureCount;
        private int _playedFirst, _playedCount;
        private int _injectedFirst, _injectedCount;
        private int _stuckError;          // ALSA keeps returning an xrun until the stream is recovered
        private int _failRecoveries, _failRecoveryError;
        private int _failPrepares, _failPrepareError;
        private bool _open;

        /// <summary>
        /// A closed device. <paramref name="captureCapacitySamples"/> and
        /// <paramref name="playedCapacitySamples"/>: what it holds each way (default 1 s).
        /// </summary>
        public SimulatedPcmDevice(SimulatedPcmMode mode = SimulatedPcmMode.Blocking, int captureCapacitySamples = LineTime.SampleRateHz, int playedCapacitySamples = LineTime.SampleRateHz)
        {
            if (captureCapacitySamples < CodecFrame.Samples) { throw new ArgumentOutOfRangeException(nameof(captureCapacitySamples)); }
            if (playedCapacitySamples < CodecFrame.Samples) { throw new ArgumentOutOfRangeException(nameof(playedCapacitySamples)); }
            _mode = mode;
            _capture = new short[captureCapacitySamples];
            _played = new short[playedCapacitySamples];
            BlockTimeout = DefaultBlockTimeout;
        }

        /// <summary>The pacing.</summary>
        public SimulatedPcmMode Mode { get { return _mode; } }

        /// <summary>Longest wait of a blocking transfer (<see cref="SimulatedPcmMode.Blocking"/>).</summary>
        public TimeSpan BlockTimeout { get; set; }

        /// <summary>True between <see cref="Open"/> and <see cref="Close"/>.</summary>
        public bool IsOpen { get { lock (_gate) { return _open; } } }

        /// <summary>Direction of the last <see cref="Open"/>.</summary>
        public PcmDirection Direction { get; private set; }

        /// <summary>Encoding of the last <see cref="Open"/>.</summary>
        public CodecEncoding Encoding { get; private set; }

        /// <summary>Latency asked for by the last <see cref="Open"/>, µs.</summary>
        public int LatencyMicroseconds { get; private set; }

        /// <summary>Times opened.</summary>
        public int Opens { get; private set; }

        /// <summary>Successful recoveries.</summary>
        public int Recoveries { get { lock (_gate) { return _recoveries; } } }
        private int _recoveries;

        /// <summary>Calls to <see cref="Recover"/>, successful or not.</summary>
        public int RecoverCalls { get { lock (_gate) { return _recoverCalls; } } }
        private int _recoverCalls;

        /// <summary>Calls to <see cref="Prepare"/>, successful or not.</summary>
        public int PrepareCalls { get { lock (_gate) { return _prepareCalls; } } }
        private int _prepareCalls;

        /// <summary>Samples read by the firmware (capture).</summary>
        public long SamplesRead { get { lock (_gate) { return _samplesRead; } } }
        private long _samplesRead;

        /// <summary>Samples written by the firmware (playback).</summary>
        public long SamplesWritten { get { lock (_gate) { return _samplesWritten; } } }
        private long _samplesWritten;

        /// <summary>Played samples discarded because the collection was full (free-running mode).</summary>
        public long PlayedDiscarded { get { lock (_gate) { return _playedDiscarded; } } }
        private long _playedDiscarded;

        /// <summary>Captured samples lost to injected overruns or a full capture buffer.</summary>
        public long CaptureLost { get { lock (_gate) { return _captureLost; } } }
        private long _captureLost;

        /// <summary>Supplied samples not yet read.</summary>
        public int CaptureAvailable { get { lock (_gate) { return _captureCount; } } }

        /// <summary>Played samples not yet taken.</summary>
        public int PlayedAvailable { get { lock (_gate) { return _playedCount; } } }

        /// <summary>Appends linear samples to what the firmware will read; returns how many fit (the rest is lost and counted).</summary>
        public int SupplyCapture(ReadOnlySpan<short> samples)
        {
            lock (_gate)
            {
                int n = Math.Min(samples.Length, _capture.Length - _captureCount);
                for (int i = 0; i < n; i++) { _capture[(_captureFirst + _captureCount + i) % _capture.Length] = samples[i]; }
                _captureCount += n;
                _captureLost += samples.Length - n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        /// <summary>Appends G.711 codes to what the firmware will read; returns how many fit.</summary>
        public int SupplyCapture(ReadOnlySpan<byte> codes)
        {
            lock (_gate)
            {
                int n = Math.Min(codes.Length, _capture.Length - _captureCount);
                for (int i = 0; i < n; i++) { _capture[(_captureFirst + _captureCount + i) % _capture.Length] = codes[i]; }
                _captureCount += n;
                _captureLost += codes.Length - n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        /// <summary>Removes up to <paramref name="into"/>.Length played linear samples, oldest first; returns the count.</summary>
        public int TakePlayed(Span<short> into)
        {
            lock (_gate)
            {
                int n = Math.Min(into.Length, _playedCount);
                for (int i = 0; i < n; i++) { into[i] = _played[(_playedFirst + i) % _played.Length]; }
                _playedFirst = (_playedFirst + n) % _played.Length;
                _playedCount -= n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        /// <summary>Removes up to <paramref name="into"/>.Length played G.711 codes, oldest first; returns the count.</summary>
        public int TakePlayed(Span<byte> into)
        {
            lock (_gate)
            {
                int n = Math.Min(into.Length, _playedCount);
                for (int i = 0; i < n; i++) { into[i] = (byte)_played[(_playedFirst + i) % _played.Length]; }
                _playedFirst = (_playedFirst + n) % _played.Length;
                _playedCount -= n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        /// <summary>Blocks until at least <paramref name="samples"/> played samples are waiting (true) or <paramref name="timeout"/> passes.</summary>
        public bool WaitPlayed(int samples, TimeSpan timeout)
        {
            lock (_gate)
            {
                long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
                while (_playedCount < samples)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) { return false; }
                    Monitor.Wait(_gate, (int)left);
                }
                return true;
            }
        }

        /// <summary>The next transfer (either way) returns <paramref name="error"/> (a negative errno); an xrun or suspend sticks until recovered.</summary>
        public void InjectError(int error)
        {
            if (error >= 0) { throw new ArgumentOutOfRangeException(nameof(error), "a negative errno"); }
            lock (_gate)
            {
                if (_injectedCount == MaxInjected) { throw new InvalidOperationException("too many injected errors"); }
                _injected[(_injectedFirst + _injectedCount) % MaxInjected] = error;
                _injectedCount++;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>A capture overrun: the oldest <paramref name="lostSamples"/> supplied samples are lost, and the next read returns -EPIPE.</summary>
        public void InjectCaptureOverrun(int lostSamples)
        {
            lock (_gate)
            {
                int n = Math.Min(lostSamples, _captureCount);
                _captureFirst = (_captureFirst + n) % _capture.Length;
                _captureCount -= n;
                _captureLost += n;
            }
            InjectError(PcmErrors.Xrun);
        }

        /// <summary>The next <paramref name="count"/> calls to <see cref="Recover"/> fail with <paramref name="error"/>.</summary>
        public void FailNextRecoveries(int count, int error = PcmErrors.IoError)
        {
            lock (_gate) { _failRecoveries = count; _failRecoveryError = error; }
        }

        /// <summary>The next <paramref name="count"/> calls to <see cref="Prepare"/> fail with <paramref name="error"/>.</summary>
        public void FailNextPrepares(int count, int error = PcmErrors.IoError)
        {
            lock (_gate) { _failPrepares = count; _failPrepareError = error; }
        }

        /// <inheritdoc />
        public void Open(PcmDirection direction, CodecEncoding encoding, int latencyMicroseconds)
        {
            lock (_gate)
            {
                if (_open) { throw new InvalidOperationException("already open"); }
                _open = true;
                Direction = direction;
                Encoding = encoding;
                LatencyMicroseconds = latencyMicroseconds;
                Opens++;
            }
        }

        /// <inheritdoc />
        public int Read(Span<short> samples) { return ReadCore(samples, default, true); }

        /// <inheritdoc />
        public int Read(Span<byte> codes) { return ReadCore(default, codes, false); }

        /// <inheritdoc />
        public int Write(ReadOnlySpan<short> samples) { return WriteCore(samples, default, true); }

        /// <inheritdoc />
        public int Write(ReadOnlySpan<byte> codes) { return WriteCore(default, codes, false); }

        /// <inheritdoc />
        public int Recover(int error)
        {
            lock (_gate)
            {
                _recoverCalls++;
                if (error != PcmErrors.Xrun && error != PcmErrors.Suspended && error != PcmErrors.Interrupted) { return error; } // as snd_pcm_recover
                if (_failRecoveries > 0) { _failRecoveries--; return _failRecoveryError; }
                _stuckError = 0;
                _recoveries++;
                return 0;
            }
        }

        /// <inheritdoc />
        public int Prepare()
        {
            lock (_gate)
            {
                _prepareCalls++;
                if (_failPrepares > 0) { _failPrepares--; return _failPrepareError; }
                _stuckError = 0;
                return 0;
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            lock (_gate)
            {
                _open = false;
                _stuckError = 0;
                Monitor.PulseAll(_gate);
            }
        }

        /// <inheritdoc />
        public string Describe(int error)
        {
            switch (error)
            {
                case PcmErrors.Xrun: return "Broken pipe";
                case PcmErrors.Suspended: return "Streams pipe error";
                case PcmErrors.IoError: return "Input/output error";
                case PcmErrors.NoDevice: return "No such device";
                case PcmErrors.BadState: return "File descriptor in bad state";
                default: return "error " + error;
            }
        }

        /// <summary>Closes the device.</summary>
        public void Dispose() { Close(); }

        private int ReadCore(Span<short> linear, Span<byte> codes, bool isLinear)
        {
            int want = isLinear ? linear.Length : codes.Length;
            lock (_gate)
            {
                int error = TakeError();
                if (error != 0) { return error; }
                if (!_open) { return PcmErrors.BadState; }
                if (_mode == SimulatedPcmMode.Blocking && _captureCount < want)
                {
                    long deadline = Environment.TickCount64 + (long)BlockTimeout.TotalMilliseconds;
                    while (_captureCount < want && _open && _injectedCount == 0)
                    {
                        long left = deadline - Environment.TickCount64;
                        if (left <= 0) { break; }
                        Monitor.Wait(_gate, (int)left);
                    }
                    error = TakeError();
                    if (error != 0) { return error; }
                }
                int n = Math.Min(want, _captureCount);
                if (_mode == SimulatedPcmMode.FreeRunning && n == 0)
                {
                    // Nothing supplied: a frame of silence, at once.
                    if (isLinear) { linear.Clear(); } else { codes.Fill(PcmFramePump.SilenceCode(Encoding)); }
                    _samplesRead += want;
                    return want;
                }
                for (int i = 0; i < n; i++)
                {
                    short v = _capture[(_captureFirst + i) % _capture.Length];
                    if (isLinear) { linear[i] = v; } else { codes[i] = (byte)v; }
                }
                _captureFirst = (_captureFirst + n) % _capture.Length;
                _captureCount -= n;
                _samplesRead += n;
                return n;
            }
        }

        private int WriteCore(ReadOnlySpan<short> linear, ReadOnlySpan<byte> codes, bool isLinear)
        {
            int want = isLinear ? linear.Length : codes.Length;
            lock (_gate)
            {
                int error = TakeError();
                if (error != 0) { return error; }
                if (!_open) { return PcmErrors.BadState; }
                if (_mode == SimulatedPcmMode.Blocking && _played.Length - _playedCount < want)
                {
                    long deadline = Environment.TickCount64 + (long)BlockTimeout.TotalMilliseconds;
                    while (_played.Length - _playedCount < want && _open && _injectedCount == 0)
                    {
                        long left = deadline - Environment.TickCount64;
                        if (left <= 0) { break; }
                        Monitor.Wait(_gate, (int)left);
                    }
                    error = TakeError();
                    if (error != 0) { return error; }
                }
                int n = want;
                if (_mode == SimulatedPcmMode.Blocking) { n = Math.Min(want, _played.Length - _playedCount); }
                else
                {
                    int over = _playedCount + want - _played.Length;
                    if (over > 0)
                    {
                        int drop = Math.Min(over, _playedCount);
                        _playedFirst = (_playedFirst + drop) % _played.Length;
                        _playedCount -= drop;
                        _playedDiscarded += drop;
                        n = Math.Min(want, _played.Length);
                    }
                }
                for (int i = 0; i < n; i++)
                {
                    _played[(_playedFirst + _playedCount + i) % _played.Length] = isLinear ? linear[i] : codes[i];
                }
                _playedCount += n;
                _samplesWritten += n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        // Under the lock: a sticking xrun first, then the next injected error (0: none).
        private int TakeError()
        {
            if (_stuckError != 0) { return _stuckError; }
            if (_injectedCount == 0) { return 0; }
            int error = _injected[_injectedFirst];
            _injectedFirst = (_injectedFirst + 1) % MaxInjected;
            _injectedCount--;
            if (error == PcmErrors.Xrun || error == PcmErrors.Suspended) { _stuckError = error; }
            return error;
        }
    }
}
