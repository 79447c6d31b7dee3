using System;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// One analog port of the gateway, composed on the HAL: per 10 ms frame heard from the
    /// codec, G.711 decoding (if the port is µ-law or A-law) → the line echo canceller, whose far
    /// end is what the port played, delayed to where the echo is (found by its bulk-delay
    /// estimator; <see cref="EchoDelayFrames"/> is only where it starts) → the DTMF receiver
    /// → call control and the IVR (<see cref="CallControl"/>); the hook switch's edges go through
    /// the HAL's <see cref="HookSignalDecoder"/> (off-hook, on-hook, flash, dial pulses); then
    /// the frame to play (tones, prompts, the placed call) is encoded and queued on the codec.
    /// <para>
    /// Portable (nanoFramework rules). Every buffer is allocated by the constructor; a frame in
    /// steady state allocates nothing. Time is the frame clock: a heard frame's
    /// <see cref="CodecFrame.StartSample"/> plus its 80 samples; nothing reads a wall clock.
    /// The DSP runs only while the phone is off hook (the echo canceller keeps what it learnt
    /// across calls: the hybrid is the same; the receiver starts afresh at each off-hook).
    /// </para>
    /// Call <see cref="Service"/> whenever the board has frames (every 10 ms, from its frame interrupt or loop).
    /// </summary>
    public sealed class GatewayPort : IDtmfListener, IHookListener
    {
        /// <summary>Taps of the echo canceller: 16 ms at 8 kHz, twice the 8 ms G.168 assumes for a short in-house line.</summary>
        public const int EchoTaps = 128;

        /// <summary>Largest starting hint taken (a board's <c>echoDelayFrames</c>), frames.</summary>
        public const int MaxEchoDelayFrames = 4;

        /// <summary>
        /// Latest start of the canceller's window, samples after the frame queued last: 64 ms, the
        /// bulk delay the estimator finds (the window then reaches 64 + 16 ms).
        /// </summary>
        public const int MaxEchoWindowStartSamples = 512;

        private const int N = CodecFrame.Samples;

        private readonly ICodecPort _codec;
        private readonly IGatewayMonitor _monitor;
        private readonly CallControl _control;
        private readonly HookSignalDecoder _hook;
        private readonly DtmfReceiver _receiver;
        private readonly DelayTrackingEchoCanceller _canceller;
        private readonly CodecFrame _heardFrame = new CodecFrame();
        private readonly CodecFrame _playedFrame = new CodecFrame();
        private readonly short[] _heard = new short[N];
        private readonly short[] _cleaned = new short[N];
        private readonly short[] _played = new short[N];
        private readonly short[][] _history; // what was played, newest at _historyAt
        private int _historyAt;
        private bool _dsp;

        /// <summary>
        /// A port on <paramref name="codec"/> and <paramref name="hookSwitch"/> (its edge listener is
        /// set to the port's decoder) for <paramref name="line"/>. <paramref name="echoDelayFrames"/>:
        /// where the echo canceller's window starts, in frames from a played frame being queued to
        /// its echo in a heard frame (the board's buffering; 1 on the sim board, which plays the
        /// frame queued last). A hint: the canceller's bulk-delay estimator finds the echo up to
        /// 64 ms after the frame queued last and moves the window there.
        /// </summary>
        public GatewayPort(ICodecPort codec, IHookSwitch hookSwitch, LineConfiguration line, IPromptSource prompts,
            IOutgoingCalls outgoing, ITemporaryPasswordSink sink, IGatewayMonitor? monitor, int echoDelayFrames)
        {
            if (codec == null) { throw new ArgumentNullException(nameof(codec)); }
            if (hookSwitch == null) { throw new ArgumentNullException(nameof(hookSwitch)); }
            if (echoDelayFrames < 1 || echoDelayFrames > MaxEchoDelayFrames) { throw new ArgumentOutOfRangeException(nameof(echoDelayFrames)); }
            _codec = codec;
            _monitor = monitor ?? SilentMonitor.Instance;
            _control = new CallControl(line, prompts, outgoing, sink, _monitor);
            _hook = new HookSignalDecoder(HookSignalProfile.CreateDefault(), this);
            _receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), this);
            _canceller = new DelayTrackingEchoCanceller(EchoTaps, MaxEchoWindowStartSamples, (echoDelayFrames - 1) * N);
            _history = new short[echoDelayFrames][];
            for (int i = 0; i < echoDelayFrames; i++) { _history[i] = new short[N]; }
            EchoDelayFrames = echoDelayFrames;
            hookSwitch.SetEdgeListener(_hook);
        }

        /// <summary>Call control (and through it the IVR and the prompt player).</summary>
        public CallControl Control { get { return _control; } }

        /// <summary>The hook-signal decoder fed by the board's hook switch.</summary>
        public HookSignalDecoder Hook { get { return _hook; } }

        /// <summary>The echo canceller in front of the DTMF receiver.</summary>
        public LineEchoCanceller EchoCanceller { get { return _canceller.Canceller; } }

        /// <summary>The echo canceller with its delay line and bulk-delay estimator (where its window is).</summary>
        public DelayTrackingEchoCanceller EchoWindow { get { return _canceller; } }

        /// <summary>The starting hint: frames from a played frame's queueing to its echo in a heard frame.</summary>
        public int EchoDelayFrames { get; private set; }

        /// <summary>Heard frames processed.</summary>
        public long Frames { get; private set; }

        /// <summary>Played frames the codec refused (its queue was full).</summary>
        public int PlayedOverruns { get; private set; }

        /// <summary>Processes every heard frame waiting on the codec, and queues one played frame for each.</summary>
        public void Service()
        {
            while (_codec.ReadHeard(_heardFrame)) { ProcessFrame(); }
        }

        private void ProcessFrame()
        {
            long start = _heardFrame.StartSample;
            long now = start + N;
            _control.BeginFrame(now);

            // Hook signals first: an off-hook or on-hook in this frame decides what runs below.
            _hook.Advance(now);
            if (_hook.PendingPulses > 0) { _control.PulseTrainUnderWay(); }

            Decode(_heardFrame, _heard);
            // What was on the line while this frame was heard, by the board's hint: the frame
            // queued EchoDelayFrames ago (the oldest in the ring), for the monitor. The canceller
            // takes the frame queued last, the earliest played audio this frame can hold the echo
            // of, and delays it to where its estimator finds the echo.
            short[] far = _history[(_historyAt + 1) % _history.Length];
            short[] lastQueued = _history[_historyAt];
            _monitor.Frame(_heard, far, N, start);
            bool offHook = _control.State != CallState.Idle;
            if (offHook)
            {
                if (!_dsp) { _receiver.Reset(); _dsp = true; }
                _canceller.Process(lastQueued, _heard, _cleaned, 0, N);
                _receiver.Process(_cleaned, 0, N);
                _control.Heard(_cleaned, N);
            }
            else
            {
                _dsp = false;
            }

            _control.Tick();
            _control.Fill(_played, N);
            Encode(_played, _playedFrame);
            if (!_codec.WritePlayed(_playedFrame)) { PlayedOverruns++; }

            // Keep what went out on the line (after the codec) as the canceller's next far end.
            _historyAt = (_historyAt + 1) % _history.Length;
            short[] slot = _history[_historyAt];
            Decode(_playedFrame, slot);
            Frames++;
        }

        private static void Decode(CodecFrame frame, short[] linear)
        {
            if (frame.Encoding == CodecEncoding.MuLaw) { G711.DecodeMuLaw(frame.Codes, 0, linear, 0, N); }
            else if (frame.Encoding == CodecEncoding.ALaw) { G711.DecodeALaw(frame.Codes, 0, linear, 0, N); }
            else { Array.Copy(frame.Linear, linear, N); }
        }

        private void Encode(short[] linear, CodecFrame frame)
        {
            CodecEncoding e = _codec.Encoding;
            frame.Encoding = e;
            if (e == CodecEncoding.MuLaw) { G711.EncodeMuLaw(linear, 0, frame.Codes, 0, N); }
            else if (e == CodecEncoding.ALaw) { G711.EncodeALaw(linear, 0, frame.Codes, 0, N); }
            else { Array.Copy(linear, frame.Linear, N); }
        }

        // ---- IDtmfListener: keys are taken at their onset (barge-in as early as the receiver can) ----

        void IDtmfListener.DigitStarted(char digit, long onsetSample)
        {
            _control.Key(digit, DigitSource.Dtmf);
        }

        void IDtmfListener.DigitEnded(char digit, long onsetSample, long endSample) { }

        // ---- IHookListener: the decoder's meanings, to call control ----

        void IHookListener.OffHook(long atSample) { _control.OffHook(atSample); }

        void IHookListener.OnHook(long atSample) { _control.OnHook(atSample); }

        void IHookListener.HookFlash(long breakSample, long makeSample) { _control.HookFlash(breakSample, makeSample); }

        void IHookListener.PulseDigit(char digit, long firstBreakSample, long lastMakeSample)
        {
            _control.PulseDigit(digit, firstBreakSample, lastMakeSample);
        }
    }
}
