using System;
using Fxs.Hal;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// The `sim` board: one analog line in-process, with a model phone (<see cref="Phone"/>) on
    /// the far side and the HAL contracts on the near side (<see cref="Codec"/>,
    /// <see cref="HookSwitch"/>, <see cref="Ringer"/>, <see cref="Clock"/>, <see cref="Store"/>).
    /// <para>
    /// Time moves only in 10 ms frames (<see cref="Step"/>), usually from the phone's script.
    /// Each frame: the frame the gateway queued last is played (silence if none) and reaches
    /// the phone's ear and the hybrid; the phone's hook state and DTMF are produced sample by
    /// sample, loop edges (with bounce, if asked) go to the hook switch's listener with their
    /// sample times; the gateway's input is the phone's signal plus the echo of what it plays
    /// plus white noise, saturated to 16 bits and coded as the port declares (µ-law by default);
    /// the clock moves to the frame's end; then the <see cref="ISimFrameClient"/> runs.
    /// Everything is integer and seeded: the same options and script give the same frames, and
    /// a frame allocates nothing.
    /// </para>
    /// The phone's audio reaches the line only while its loop is closed (off hook, and during
    /// the makes of dial pulses). The echo is there whatever the hook state.
    /// </summary>
    public sealed class SimBoard
    {
        private const int N = CodecFrame.Samples;

        private readonly SimCodecPort _codec;
        private readonly SimHookSwitch _hook = new SimHookSwitch();
        private readonly SimRinger _ringer = new SimRinger();
        private readonly SimClock _clock = new SimClock();
        private readonly EchoPath _echo;
        private readonly WhiteNoise _noise;
        private readonly int _bounceToggles;
        private readonly int _bounceSpacing;
        private readonly short[] _played = new short[N];
        private readonly short[] _tx = new short[N];
        private readonly bool[] _closed = new bool[N];
        private readonly int[] _sum = new int[N];
        private ISimFrameClient? _client;
        private ISimCaller? _caller;
        private bool _commanded;      // the phone's loop state, last sample
        private int _bounceLeft;
        private long _nextBounceAt;

        /// <summary>
        /// A board with the default options (µ-law, 6 dB echo, −70 dBm0 noise, seed 1) whose phone keys
        /// with <paramref name="keypad"/> (the core's DtmfGenerator: the HAL does not reference the core).
        /// </summary>
        public SimBoard(IKeypadSignal keypad) : this(keypad, new SimBoardOptions()) { }

        /// <summary>A board with <paramref name="options"/> whose phone keys with <paramref name="keypad"/>.</summary>
        public SimBoard(IKeypadSignal keypad, SimBoardOptions options)
        {
            if (keypad == null) { throw new ArgumentNullException(nameof(keypad)); }
            if (options == null) { throw new ArgumentNullException(nameof(options)); }
            if (options.HookBounceToggles < 0 || options.HookBounceSpacingSamples < 1) { throw new ArgumentOutOfRangeException(nameof(options), "bounce"); }
            _codec = new SimCodecPort(options.Encoding);
            _echo = new EchoPath(options.EchoPathShapeQ15 ?? EchoPath.DefaultShapeQ15(), options.EchoReturnLossDeciDb, N);
            _noise = new WhiteNoise(options.Seed, options.NoiseDeciDbm0);
            _bounceToggles = options.HookBounceToggles;
            _bounceSpacing = options.HookBounceSpacingSamples;
            Phone = new SimPhone(this, keypad, options.EarCapacityMs);
        }

        /// <summary>The model phone on the far side of the line, and its script.</summary>
        public SimPhone Phone { get; }

        /// <summary>The codec port (gateway side).</summary>
        public ICodecPort Codec { get { return _codec; } }

        /// <summary>The loop detector (gateway side); attach a <see cref="Line.HookSignalDecoder"/> to it.</summary>
        public SimHookSwitch HookSwitch { get { return _hook; } }

        /// <summary>The ring generator (gateway side).</summary>
        public SimRinger Ringer { get { return _ringer; } }

        /// <summary>The line clock.</summary>
        public IMonotonicClock Clock { get { return _clock; } }

        /// <summary>The echo path in use (its taps are scaled to the options' echo return loss).</summary>
        public EchoPath Echo { get { return _echo; } }

        /// <summary>Line time now: the end of the last frame run.</summary>
        public long NowSamples { get { return _clock.NowSamples; } }

        /// <summary>Frames run.</summary>
        public long Frames { get; private set; }

        /// <summary>Heard frames dropped because the gateway had not read them.</summary>
        public int HeardOverruns { get; private set; }

        /// <summary>Frames played as silence because the gateway had queued none.</summary>
        public long SilentPlayedFrames { get; private set; }

        /// <summary>Noise at the gateway's input, tenths of dBm0 (≤ −1000: none); takes effect at the next frame.</summary>
        public int NoiseDeciDbm0
        {
            get { return _noise.LevelDeciDbm0; }
            set { _noise.LevelDeciDbm0 = value; }
        }

        /// <summary>Sets the gateway side that runs after every frame (null: none; the test reads and writes the port itself).</summary>
        public void SetFrameClient(ISimFrameClient? client) { _client = client; }

        /// <summary>Puts <paramref name="caller"/> on the far side of the line in place of <see cref="Phone"/> (null: the phone again; its ear still hears the line).</summary>
        public void SetCaller(ISimCaller? caller) { _caller = caller; }

        /// <summary>Runs whole frames until the clock has reached <paramref name="sample"/> or passed it by less than a frame.</summary>
        public void RunUntil(long sample)
        {
            while (_clock.NowSamples + N <= sample) { Step(); }
        }

        /// <summary>Runs <paramref name="ms"/> / 10 frames (the phone idles once its script is done).</summary>
        public void RunMs(int ms)
        {
            for (int i = 0; i < ms / CodecFrame.DurationMs; i++) { Step(); }
        }

        /// <summary>Runs one 10 ms frame (see the class remarks for what happens in it).</summary>
        public void Step()
        {
            long start = _clock.NowSamples;

            // What the gateway plays this frame, in linear.
            CodecFrame? played = _codec.TakePlayed();
            if (played == null)
            {
                Array.Clear(_played, 0, N);
                SilentPlayedFrames++;
            }
            else if (played.Encoding == CodecEncoding.MuLaw) { G711.DecodeMuLaw(played.Codes, 0, _played, 0, N); }
            else if (played.Encoding == CodecEncoding.ALaw) { G711.DecodeALaw(played.Codes, 0, _played, 0, N); }
            else { Array.Copy(played.Linear, _played, N); }

            // The phone: its loop state and what it sends, per sample; the loop's edges.
            if (_caller != null) { _caller.Produce(_tx, _closed, N); }
            else { Phone.Produce(_tx, _closed, N); }
            for (int n = 0; n < N; n++)
            {
                long t = start + n;
                if (_closed[n] != _commanded)
                {
                    _commanded = _closed[n];
                    _hook.Raise(_commanded, t);
                    _bounceLeft = 2 * _bounceToggles;
                    _nextBounceAt = t + _bounceSpacing;
                    if (_commanded) { _ringer.Trip(); }
                }
                else if (_bounceLeft > 0 && t == _nextBounceAt)
                {
                    _hook.Raise(!_hook.LoopClosed, t);
                    _bounceLeft--;
                    _nextBounceAt = t + _bounceSpacing;
                }
            }
            Phone.Hear(_played, _closed, N);

            // What the gateway hears.
            for (int n = 0; n < N; n++) { _sum[n] = _tx[n]; }
            _echo.AddEcho(_played, N, _sum);
            _noise.Add(_sum, N);
            CodecFrame slot = _codec.NextHeardSlot(out bool overrun);
            if (overrun) { HeardOverruns++; }
            slot.Encoding = _codec.Encoding;
            slot.StartSample = start;
            for (int n = 0; n < N; n++)
            {
                int s = _sum[n];
                short v = s > short.MaxValue ? short.MaxValue : s < short.MinValue ? short.MinValue : (short)s;
                if (slot.Encoding == CodecEncoding.MuLaw) { slot.Codes[n] = G711.LinearToMuLaw(v); }
                else if (slot.Encoding == CodecEncoding.ALaw) { slot.Codes[n] = G711.LinearToALaw(v); }
                else { slot.Linear[n] = v; }
            }

            _clock.NowSamples = start + N;
            Frames++;
            _client?.OnFrame(this);
        }
    }
}
