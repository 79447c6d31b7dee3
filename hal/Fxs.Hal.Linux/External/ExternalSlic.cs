using System;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Fxs.Hal.Linux.External
{
    /// <summary>
    /// A SLIC driven by a vendor daemon (ProSLIC API, VP-API-II, TAPI...) over a Unix socket
    /// (<see cref="ExternalProtocol"/>; board kind <c>external</c>), as the HAL contracts: the
    /// daemon's AUDIO frames are the codec and the clock (line time counts their samples), its HOOK
    /// messages the hook switch's edges, RING the ringer. fxs is the client: the daemon owns the
    /// hardware and listens.
    /// <para>
    /// The service loop, on one thread: <c>if (slic.WaitFrame(100 ms)) port.Service();</c>. WaitFrame
    /// reads messages in order: each HOOK goes to the edge listener at once (dated in the frame that
    /// follows, never backwards), an AUDIO frame is admitted and ends the wait. Each admitted frame is
    /// answered with one played frame (<see cref="WritePlayed"/>).
    /// </para>
    /// <para>
    /// When the daemon goes away (end of stream, a socket error, a malformed message): one log
    /// line; the loop, if closed, is taken as open (an on-hook edge now), so the call ends as a
    /// hang-up would; frames of silence are made on the wall clock every 10 ms so the port's timers
    /// run; and the socket is tried again after 100 ms, then 200, 400... up to 5 s. A daemon that
    /// comes back starts a new session: its samples continue fxs's line time, its HOOK dates are
    /// rebased onto it.
    /// </para>
    /// Nothing is allocated per frame while connected.
    /// </summary>
    public sealed class ExternalSlic : ICodecPort, IHookSwitch, IRinger, IMonotonicClock, IDisposable
    {
        /// <summary>First reconnection delay: 100 ms.</summary>
        public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);

        /// <summary>Longest reconnection delay: 5 s.</summary>
        public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

        /// <summary>How long the daemon has to answer HELLO: 2 s.</summary>
        public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(2);

        private const int N = CodecFrame.Samples;

        private readonly string _path;
        private readonly TimeProvider _time;
        private readonly ILogger? _log;
        private readonly byte[] _rx = new byte[ExternalProtocol.HeaderBytes + ExternalProtocol.MaxPayloadBytes];
        private readonly byte[] _tx = new byte[ExternalProtocol.HeaderBytes + ExternalProtocol.MaxPayloadBytes];
        private readonly CodecFrame _heard = new CodecFrame { Encoding = CodecEncoding.Linear16 };
        private Socket? _socket;
        private int _rxCount;
        private IHookEdgeListener? _listener;
        private bool _loopClosed;
        private bool _ringing;
        private bool _admitted;
        private long _now;             // line samples admitted so far (end of the last admitted frame)
        private long _sessionBase;     // line sample of the current session's sample 0
        private long _lastEdgeAt;
        private TimeSpan _retry = FirstRetry;
        private long _nextAttempt;     // TimeProvider timestamp of the next connection attempt
        private long _nextSilentFrame; // TimeProvider timestamp of the next silent frame while away

        private ExternalSlic(string path, TimeProvider time, ILogger? log)
        {
            _path = path;
            _time = time;
            _log = log;
        }

        /// <summary>
        /// Connects to the daemon listening on <paramref name="socketPath"/> and agrees the protocol;
        /// a socket that cannot be reached or a daemon that does not speak version 1 is a
        /// <see cref="BoardPartException"/> naming it.
        /// </summary>
        public static ExternalSlic Connect(string socketPath, TimeProvider time, ILogger? log = null)
        {
            if (string.IsNullOrEmpty(socketPath)) { throw new ArgumentException("a socket path is needed", nameof(socketPath)); }
            var slic = new ExternalSlic(socketPath, time ?? throw new ArgumentNullException(nameof(time)), log);
            string? problem = slic.TryConnect(out Exception? cause);
            if (problem != null)
            {
                throw new BoardPartException("external SLIC daemon socket " + socketPath, problem,
                    "start the vendor daemon first (it listens there), or set external.socket in the board file", cause);
            }
            return slic;
        }

        /// <summary>True while a daemon session is up.</summary>
        public bool Connected { get { return _socket != null; } }

        /// <summary>Sessions lost since start.</summary>
        public int Disconnects { get; private set; }

        /// <summary>Sessions re-established after a loss.</summary>
        public int Reconnects { get; private set; }

        /// <summary>Frames admitted (the daemon's, and silence while it was away).</summary>
        public long Frames { get; private set; }

        /// <summary>Hook edges received from the daemon.</summary>
        public long HookEdges { get; private set; }

        /// <inheritdoc />
        public CodecEncoding Encoding { get { return CodecEncoding.Linear16; } }

        /// <inheritdoc />
        public bool LoopClosed { get { return _loopClosed; } }

        /// <inheritdoc />
        public bool IsRinging { get { return _ringing; } }

        /// <inheritdoc />
        public long NowSamples { get { return _now; } }

        /// <inheritdoc />
        public void SetEdgeListener(IHookEdgeListener? listener) { _listener = listener; }

        /// <summary>
        /// Service thread: waits up to <paramref name="timeout"/> for the next frame, delivering the
        /// hook edges before it; true when one is admitted (then call the port's Service()).
        /// </summary>
        public bool WaitFrame(TimeSpan timeout)
        {
            if (_admitted) { return true; }
            if (_socket == null) { return SilentFrame(timeout); }
            long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
            while (true)
            {
                int message = TryTakeMessage(deadline);
                if (message < 0) { return _socket == null && SilentFrame(TimeSpan.Zero); }
                if (message == 0) { return false; }
                if (_admitted) { return true; }
            }
        }

        /// <inheritdoc />
        public bool ReadHeard(CodecFrame frame)
        {
            if (!_admitted) { return false; }
            _admitted = false;
            frame.Encoding = CodecEncoding.Linear16;
            frame.StartSample = _heard.StartSample;
            Array.Copy(_heard.Linear, frame.Linear, N);
            return true;
        }

        /// <inheritdoc />
        public bool WritePlayed(CodecFrame frame)
        {
            if (_socket == null) { return true; } // nobody to play to: dropped, as a codec with no line would
            if (frame.Encoding != CodecEncoding.Linear16) { throw new ArgumentException("the external protocol carries 16-bit linear frames", nameof(frame)); }
            Send(ExternalProtocol.WriteAudio(_tx, frame.Linear));
            return true;
        }

        /// <inheritdoc />
        public void SetRinging(bool on)
        {
            if (on == _ringing) { return; }
            _ringing = on;
            if (_socket != null) { Send(ExternalProtocol.WriteRing(_tx, on)); }
        }

        /// <summary>Closes the session.</summary>
        public void Dispose()
        {
            _socket?.Dispose();
            _socket = null;
        }

        // 1: a message was handled; 0: the deadline passed; -1: the session ended.
        private int TryTakeMessage(long deadline)
        {
            Socket socket = _socket!;
            try
            {
                while (true)
                {
                    if (_rxCount >= ExternalProtocol.HeaderBytes)
                    {
                        int length = BinaryPrimitives.ReadUInt16LittleEndian(_rx.AsSpan(0, 2));
                        if (length > ExternalProtocol.MaxPayloadBytes) { return Lost("a message of " + length + " bytes (at most " + ExternalProtocol.MaxPayloadBytes + ")"); }
                        int total = ExternalProtocol.HeaderBytes + length;
                        if (_rxCount >= total)
                        {
                            string? fault = Handle(_rx[2], length);
                            Buffer.BlockCopy(_rx, total, _rx, 0, _rxCount - total);
                            _rxCount -= total;
                            return fault == null ? 1 : Lost(fault);
                        }
                    }
                    long left = deadline - _time.GetTimestamp();
                    long micros = left <= 0 ? 0 : left * 1_000_000 / _time.TimestampFrequency;
                    if (!socket.Poll((int)Math.Min(micros, int.MaxValue), SelectMode.SelectRead)) { return 0; }
                    int n = socket.Receive(_rx, _rxCount, _rx.Length - _rxCount, SocketFlags.None);
                    if (n == 0) { return Lost("end of stream"); }
                    _rxCount += n;
                }
            }
            catch (SocketException e) { return Lost(e.Message); }
            catch (ObjectDisposedException) { return Lost("socket closed"); }
        }

        // A complete message in _rx; null, or what was wrong with it.
        private string? Handle(byte type, int length)
        {
            switch (type)
            {
                case ExternalProtocol.Audio:
                    if (length != ExternalProtocol.AudioBytes) { return "an AUDIO message of " + length + " bytes (160 expected)"; }
                    for (int i = 0; i < N; i++)
                    {
                        _heard.Linear[i] = BinaryPrimitives.ReadInt16LittleEndian(_rx.AsSpan(ExternalProtocol.HeaderBytes + 2 * i, 2));
                    }
                    Admit();
                    return null;
                case ExternalProtocol.Hook:
                    if (length != ExternalProtocol.HookBytes) { return "a HOOK message of " + length + " bytes (9 expected)"; }
                    bool closed = _rx[ExternalProtocol.HeaderBytes] != 0;
                    long at = _sessionBase + BinaryPrimitives.ReadInt64LittleEndian(_rx.AsSpan(ExternalProtocol.HeaderBytes + 1, 8));
                    HookEdges++;
                    Edge(closed, at);
                    return null;
                default:
                    return null; // a later version's message: skipped (its length says how far)
            }
        }

        private void Admit()
        {
            _heard.StartSample = _now;
            _now += N;
            _admitted = true;
            Frames++;
        }

        // An edge, dated no earlier than the last one nor the frame about to be admitted, no later than its end.
        private void Edge(bool closed, long at)
        {
            if (closed == _loopClosed) { return; }
            if (at < _now) { at = _now; }
            if (at > _now + N) { at = _now + N; }
            if (at < _lastEdgeAt) { at = _lastEdgeAt; }
            _lastEdgeAt = at;
            _loopClosed = closed;
            if (closed) { _ringing = false; } // ring trip is the daemon's: it has stopped ringing
            _listener?.HookEdge(closed, at);
        }

        private int Lost(string why)
        {
            _socket?.Dispose();
            _socket = null;
            _rxCount = 0;
            Disconnects++;
            _retry = FirstRetry;
            long now = _time.GetTimestamp();
            _nextAttempt = now + Ticks(_retry);
            _nextSilentFrame = now;
            _log?.LogWarning("external SLIC daemon at {Path} went away ({Why}): the line is taken as on hook; reconnecting every {First}-{Longest} s",
                _path, why, FirstRetry.TotalSeconds, LongestRetry.TotalSeconds);
            if (_loopClosed) { Edge(false, _now); }
            _ringing = false;
            return -1;
        }

        // While the daemon is away: a frame of silence every 10 ms of wall time, and reconnection attempts.
        private bool SilentFrame(TimeSpan timeout)
        {
            long now = _time.GetTimestamp();
            if (now >= _nextAttempt)
            {
                if (TryConnect(out _) == null)
                {
                    Reconnects++;
                    _log?.LogInformation("external SLIC daemon at {Path} is back: session {Session}", _path, Reconnects + 1);
                    return false;
                }
                _retry = _retry + _retry > LongestRetry ? LongestRetry : _retry + _retry;
                _nextAttempt = _time.GetTimestamp() + Ticks(_retry);
            }
            long wait = _nextSilentFrame - _time.GetTimestamp();
            if (wait > 0)
            {
                if (wait > Ticks(timeout)) { Thread.Sleep(timeout); return false; }
                Thread.Sleep(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency));
            }
            _nextSilentFrame += Ticks(TimeSpan.FromMilliseconds(CodecFrame.DurationMs));
            Array.Clear(_heard.Linear, 0, N);
            Admit();
            return true;
        }

        // Null on success (a session agreed), else the problem in words.
        private string? TryConnect(out Exception? cause)
        {
            cause = null;
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(_path));
                _socket = socket;
                _rxCount = 0;
                Send(ExternalProtocol.WriteHello(_tx));
                if (_socket == null) { return "closed the connection at once"; }
                long deadline = _time.GetTimestamp() + Ticks(HelloTimeout);
                // The first message must be HELLO: read the header and payload without handling them as a session message.
                while (_rxCount < ExternalProtocol.HeaderBytes + ExternalProtocol.HelloBytes)
                {
                    long left = deadline - _time.GetTimestamp();
                    if (left <= 0 || !socket.Poll((int)(left * 1_000_000 / _time.TimestampFrequency), SelectMode.SelectRead)) { return Fail(socket, "did not answer HELLO within 2 s"); }
                    int n = socket.Receive(_rx, _rxCount, ExternalProtocol.HeaderBytes + ExternalProtocol.HelloBytes - _rxCount, SocketFlags.None);
                    if (n == 0) { return Fail(socket, "closed the connection before HELLO"); }
                    _rxCount += n;
                }
                if (_rx[2] != ExternalProtocol.Hello || BinaryPrimitives.ReadUInt16LittleEndian(_rx.AsSpan(0, 2)) != ExternalProtocol.HelloBytes
                    || !_rx.AsSpan(ExternalProtocol.HeaderBytes, 4).SequenceEqual(ExternalProtocol.Magic))
                {
                    return Fail(socket, "is not an fxs external SLIC daemon (no HELLO \"FXSL\" first)");
                }
                int version = BinaryPrimitives.ReadUInt16LittleEndian(_rx.AsSpan(ExternalProtocol.HeaderBytes + 4, 2));
                int samples = BinaryPrimitives.ReadUInt16LittleEndian(_rx.AsSpan(ExternalProtocol.HeaderBytes + 6, 2));
                if (version != ExternalProtocol.Version) { return Fail(socket, "speaks protocol version " + version + ", fxs speaks " + ExternalProtocol.Version); }
                if (samples != N) { return Fail(socket, "sends frames of " + samples + " samples, fxs takes " + N); }
                _rxCount = 0;
                _sessionBase = _now;
                _lastEdgeAt = _now;
                return null;
            }
            catch (SocketException e)
            {
                cause = e;
                return Fail(socket, "cannot be reached (" + e.Message + ")");
            }
        }

        private string Fail(Socket socket, string problem)
        {
            socket.Dispose();
            _socket = null;
            _rxCount = 0;
            return problem;
        }

        private void Send(int count)
        {
            Socket? socket = _socket;
            if (socket == null) { return; }
            try
            {
                int sent = 0;
                while (sent < count) { sent += socket.Send(_tx, sent, count - sent, SocketFlags.None); }
            }
            catch (SocketException e) { Lost(e.Message); }
            catch (ObjectDisposedException) { Lost("socket closed"); }
        }

        private long Ticks(TimeSpan span)
        {
            return (long)(span.TotalSeconds * _time.TimestampFrequency);
        }
    }
}
