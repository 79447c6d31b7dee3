using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// Moves line audio between two PCM devices (ALSA semantics: <see cref="IPcmDevice"/>) and two
    /// fixed rings of 10 ms <see cref="CodecFrame"/>s, one thread per direction.
    /// <para>
    /// Capture thread: reads exactly 80 samples per frame (looping over short reads), stamps the
    /// frame with a gap-free <see cref="CodecFrame.StartSample"/>, re-anchors the shared
    /// <see cref="LineTimeBase"/> at the frame's end, and queues it on the heard ring (when the
    /// service loop is more than the ring behind, the oldest frame is dropped and counted).
    /// Playback thread: writes the oldest queued played frame, or a frame of silence when none is
    /// queued (the line never starves for the service loop's sake).
    /// </para>
    /// <para>
    /// Line time after a capture overrun: it does NOT jump. Line time counts captured samples;
    /// samples ALSA lost are not counted, so StartSample stays gap-free and line time falls behind
    /// the wall clock by the lost stretch. Chosen because (1) ALSA reports that an overrun
    /// happened, not how many samples it cost, so a jump would be a guess; (2) the
    /// <see cref="ICodecPort"/> contract and the DSP downstream (echo canceller history, DTMF
    /// receiver's sample positions) assume contiguous frames; (3) a lost stretch of tens of ms
    /// stretches the decoders' timeouts by as much, within their margins (e.g. the 150 ms digit
    /// end against a 450 ms pause). Hook edges during the lost stretch are still dated through the
    /// re-anchored time base, clamped never to go backwards. The partial frame read before an
    /// overrun is discarded: no frame straddles a gap.
    /// </para>
    /// <para>
    /// Xruns (-EPIPE) and suspends (-ESTRPIPE) are counted per direction, recovered
    /// (snd_pcm_recover, and snd_pcm_prepare if that fails; playback is then refilled with one
    /// period of silence so it restarts at once), and logged at most once per second per kind
    /// (<see cref="XrunReporter"/>). A stream that cannot be recovered is retried every
    /// <see cref="RetryDelay"/>.
    /// </para>
    /// The steps (<see cref="PumpCaptureOnce"/>, <see cref="PumpPlaybackOnce"/>) allocate nothing;
    /// tests and the bench may call them on their own thread instead of <see cref="Start"/>ing.
    /// </summary>
    public sealed class PcmFramePump : IDisposable
    {
        /// <summary>Heard frames buffered by default: 8 (80 ms: the service loop may stall that long without losing audio).</summary>
        public const int DefaultHeardDepth = 8;

        /// <summary>Played frames queued by default: 4 (40 ms); the service loop queues one per heard frame.</summary>
        public const int DefaultPlayedDepth = 4;

        /// <summary>Wait before retrying a stream that could not be recovered: one frame (10 ms).</summary>
        public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(CodecFrame.DurationMs);

        /// <summary>How long <see cref="Stop"/> waits for each thread: 1 s (a blocked transfer returns within a period, 10-40 ms).</summary>
        public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

        private const int N = CodecFrame.Samples;

        private readonly IPcmDevice _capture;
        private readonly IPcmDevice _playback;
        private readonly CodecEncoding _encoding;
        private readonly int _latencyMicroseconds;
        private readonly LineTimeBase _timeBase;
        private readonly ILogger _logger;
        private readonly FrameRing _heard;
        private readonly FrameRing _played;
        private readonly CodecFrame _captureFrame = new CodecFrame();
        private readonly CodecFrame _playFrame = new CodecFrame();
        private readonly short[] _silenceLinear;
        private readonly byte[] _silenceCodes;
        private readonly XrunReporter _overruns;
        private readonly XrunReporter _underruns;
        private readonly XrunReporter _captureFailures;
        private readonly XrunReporter _playbackFailures;
        private readonly ManualResetEventSlim _stopSignal = new ManualResetEventSlim(false);
        private Thread? _captureThread;
        private Thread? _playbackThread;
        private volatile bool _stopping;
        private bool _open;
        private bool _leaveOpen; // a thread did not stop: its device may still be in a transfer
        private int _captureFill;
        private int _playFill;
        private bool _playLoaded; // _playFrame holds a frame not yet fully written (kept across an underrun)
        private long _capturedSamples;
        private long _heardDropped;
        private long _playedFrames;
        private long _silentFrames;

        /// <summary>
        /// A stopped pump between <paramref name="capture"/> and <paramref name="playback"/> in
        /// <paramref name="encoding"/>. ALSA buffer: <paramref name="periodFrames"/> (1-4) 10 ms
        /// frames per period × <paramref name="bufferPeriods"/> (2-8) periods.
        /// </summary>
        public PcmFramePump(IPcmDevice capture, IPcmDevice playback, CodecEncoding encoding, int periodFrames, int bufferPeriods,
            LineTimeBase timeBase, ILogger? logger = null, int heardDepth = DefaultHeardDepth, int playedDepth = DefaultPlayedDepth)
        {
            _capture = capture ?? throw new ArgumentNullException(nameof(capture));
            _playback = playback ?? throw new ArgumentNullException(nameof(playback));
            _timeBase = timeBase ?? throw new ArgumentNullException(nameof(timeBase));
            if (periodFrames < 1 || periodFrames > 4) { throw new ArgumentOutOfRangeException(nameof(periodFrames), "1-4 frames of 10 ms"); }
            if (bufferPeriods < 2 || bufferPeriods > 8) { throw new ArgumentOutOfRangeException(nameof(bufferPeriods), "2-8 periods"); }
            _encoding = encoding;
            _logger = logger ?? NullLogger.Instance;
            _latencyMicroseconds = periodFrames * CodecFrame.DurationMs * 1000 * bufferPeriods;
            _heard = new FrameRing(heardDepth);
            _played = new FrameRing(playedDepth);
            int periodSamples = periodFrames * N;
            _silenceLinear = new short[periodSamples];
            _silenceCodes = new byte[periodSamples];
            Array.Fill(_silenceCodes, SilenceCode(encoding));
            TimeProvider time = timeBase.Time;
            _overruns = new XrunReporter("capture overruns", _logger, time, null);
            _underruns = new XrunReporter("playback underruns", _logger, time, null);
            _captureFailures = new XrunReporter("capture recovery failures", _logger, time, capture);
            _playbackFailures = new XrunReporter("playback recovery failures", _logger, time, playback);
        }

        /// <summary>The format of every frame, both ways.</summary>
        public CodecEncoding Encoding { get { return _encoding; } }

        /// <summary>ALSA buffer asked for, µs (period × periods).</summary>
        public int LatencyMicroseconds { get { return _latencyMicroseconds; } }

        /// <summary>Line samples captured so far: the end of the last frame queued on the heard ring.</summary>
        public long CapturedSamples { get { return Interlocked.Read(ref _capturedSamples); } }

        /// <summary>Capture overruns and suspends (-EPIPE, -ESTRPIPE), since construction.</summary>
        public long CaptureOverruns { get { return _overruns.Total; } }

        /// <summary>Playback underruns and suspends (-EPIPE, -ESTRPIPE), since construction.</summary>
        public long PlaybackUnderruns { get { return _underruns.Total; } }

        /// <summary>Capture errors that snd_pcm_recover could not repair.</summary>
        public long CaptureRecoveryFailures { get { return _captureFailures.Total; } }

        /// <summary>Playback errors that snd_pcm_recover could not repair.</summary>
        public long PlaybackRecoveryFailures { get { return _playbackFailures.Total; } }

        /// <summary>Heard frames dropped because the service loop was a whole ring behind.</summary>
        public long HeardFramesDropped { get { return Interlocked.Read(ref _heardDropped); } }

        /// <summary>Queued frames written to the playback device.</summary>
        public long PlayedFrames { get { return Interlocked.Read(ref _playedFrames); } }

        /// <summary>Frames of silence written because nothing was queued.</summary>
        public long SilentFrames { get { return Interlocked.Read(ref _silentFrames); } }

        /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
        public bool IsRunning { get { return _captureThread != null; } }

        internal FrameRing Heard { get { return _heard; } }

        internal FrameRing Played { get { return _played; } }

        /// <summary>Opens both devices (idempotent). <see cref="Start"/> does it; call it alone to step the pump by hand.</summary>
        public void Open()
        {
            if (_open) { return; }
            _capture.Open(PcmDirection.Capture, _encoding, _latencyMicroseconds);
            try { _playback.Open(PcmDirection.Playback, _encoding, _latencyMicroseconds); }
            catch { _capture.Close(); throw; }
            _open = true;
            _timeBase.Anchor(Interlocked.Read(ref _capturedSamples));
        }

        /// <summary>Opens the devices and starts the capture and playback threads.</summary>
        public void Start()
        {
            if (_captureThread != null) { throw new InvalidOperationException("already started"); }
            Open();
            _stopping = false;
            _stopSignal.Reset();
            _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = "fxs-pcm-capture" };
            _playbackThread = new Thread(PlaybackLoop) { IsBackground = true, Name = "fxs-pcm-playback" };
            _captureThread.Start();
            _playbackThread.Start();
        }

        /// <summary>
        /// Stops both threads (each after its current transfer, within <see cref="StopTimeout"/>)
        /// and closes the devices. A thread that does not stop is logged and its device left open
        /// rather than closed under a transfer.
        /// </summary>
        public void Stop()
        {
            _stopping = true;
            _stopSignal.Set();
            _heard.WakeAll();
            if (_captureThread != null && !_captureThread.Join(StopTimeout))
            {
                _leaveOpen = true;
                PumpLog.StuckThread(_logger, "capture", (int)StopTimeout.TotalMilliseconds);
            }
            if (_playbackThread != null && !_playbackThread.Join(StopTimeout))
            {
                _leaveOpen = true;
                PumpLog.StuckThread(_logger, "playback", (int)StopTimeout.TotalMilliseconds);
            }
            _captureThread = null;
            _playbackThread = null;
            if (_open && !_leaveOpen)
            {
                _capture.Close();
                _playback.Close();
                _open = false;
            }
        }

        /// <summary>Stops the pump (see <see cref="Stop"/>).</summary>
        public void Dispose()
        {
            Stop();
            _stopSignal.Dispose();
        }

        /// <summary>
        /// One capture transfer: reads what is missing of the current frame; when it completes,
        /// queues it on the heard ring and re-anchors the time base. Handles xruns and errors (see
        /// the class remarks). Allocates nothing (except for a log line, at most once a second).
        /// </summary>
        public PumpResult PumpCaptureOnce()
        {
            int need = N - _captureFill;
            int r = _encoding == CodecEncoding.Linear16
                ? _capture.Read(_captureFrame.Linear.AsSpan(_captureFill, need))
                : _capture.Read(_captureFrame.Codes.AsSpan(_captureFill, need));
            PumpResult result;
            if (r > 0)
            {
                _captureFill += Math.Min(r, need);
                result = _captureFill == N ? CompleteCapturedFrame() : PumpResult.Partial;
            }
            else if (r == 0 || r == PcmErrors.TryAgain || r == PcmErrors.Interrupted)
            {
                result = PumpResult.Idle;
            }
            else
            {
                _captureFill = 0; // the part read before the trouble precedes a gap: no frame straddles it
                result = Recover(_capture, r, _overruns, _captureFailures, false);
            }
            _overruns.Flush();
            _captureFailures.Flush();
            return result;
        }

        /// <summary>
        /// One playback transfer: starts the next frame (the oldest queued, or silence) when the
        /// last one is done, and writes what is left of it. Handles underruns and errors (see the
        /// class remarks). Allocates nothing (except for a log line, at most once a second).
        /// </summary>
        public PumpResult PumpPlaybackOnce()
        {
            if (!_playLoaded)
            {
                _playLoaded = true;
                _playFill = 0;
                if (_played.TryDequeue(_playFrame)) { Interlocked.Increment(ref _playedFrames); }
                else
                {
                    _playFrame.Encoding = _encoding;
                    Array.Clear(_playFrame.Linear);
                    Array.Fill(_playFrame.Codes, SilenceCode(_encoding));
                    Interlocked.Increment(ref _silentFrames);
                }
            }
            int left = N - _playFill;
            int r = _encoding == CodecEncoding.Linear16
                ? _playback.Write(new ReadOnlySpan<short>(_playFrame.Linear, _playFill, left))
                : _playback.Write(new ReadOnlySpan<byte>(_playFrame.Codes, _playFill, left));
            PumpResult result;
            if (r > 0)
            {
                _playFill += Math.Min(r, left);
                if (_playFill == N) { _playLoaded = false; result = PumpResult.Frame; }
                else { result = PumpResult.Partial; }
            }
            else if (r == 0 || r == PcmErrors.TryAgain || r == PcmErrors.Interrupted)
            {
                result = PumpResult.Idle;
            }
            else
            {
                // The rest of the current frame follows once the stream runs again.
                result = Recover(_playback, r, _underruns, _playbackFailures, true);
            }
            _underruns.Flush();
            _playbackFailures.Flush();
            return result;
        }

        private PumpResult CompleteCapturedFrame()
        {
            _captureFill = 0;
            _captureFrame.Encoding = _encoding;
            long start = Interlocked.Read(ref _capturedSamples);
            _captureFrame.StartSample = start;
            // Anchor before queueing: when the service loop sees the frame, edges up to its end convert.
            _timeBase.Anchor(start + N);
            Interlocked.Exchange(ref _capturedSamples, start + N);
            if (_heard.EnqueueDroppingOldest(_captureFrame)) { Interlocked.Increment(ref _heardDropped); }
            return PumpResult.Frame;
        }

        private PumpResult Recover(IPcmDevice device, int error, XrunReporter xruns, XrunReporter failures, bool refillWithSilence)
        {
            if (error == PcmErrors.Xrun || error == PcmErrors.Suspended) { xruns.Note(error); }
            int r = device.Recover(error); // repairs -EPIPE and -ESTRPIPE; returns other errors unchanged
            if (r < 0)
            {
                failures.Note(r);
                if (device.Prepare() < 0) { return PumpResult.Failed; }
            }
            if (refillWithSilence)
            {
                int w = _encoding == CodecEncoding.Linear16
                    ? device.Write(new ReadOnlySpan<short>(_silenceLinear))
                    : device.Write(new ReadOnlySpan<byte>(_silenceCodes));
                if (w < 0) { return PumpResult.Failed; } // the next step meets the error again and recovers
            }
            return PumpResult.Recovered;
        }

        private void CaptureLoop()
        {
            while (!_stopping)
            {
                PumpResult r = PumpCaptureOnce();
                if (r == PumpResult.Failed) { _stopSignal.Wait(RetryDelay); }
            }
        }

        private void PlaybackLoop()
        {
            while (!_stopping)
            {
                PumpResult r = PumpPlaybackOnce();
                if (r == PumpResult.Failed) { _stopSignal.Wait(RetryDelay); }
            }
        }

        /// <summary>The code of silence (linear 0): µ-law 0xFF, A-law 0xD5 (0x80 with the even bits inverted, G.711).</summary>
        internal static byte SilenceCode(CodecEncoding encoding)
        {
            return encoding == CodecEncoding.ALaw ? (byte)0xD5 : (byte)0xFF;
        }
    }
}
