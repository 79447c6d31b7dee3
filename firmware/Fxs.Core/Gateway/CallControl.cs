using System;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal;
using Fxs.Core.Line;

namespace Fxs.Core.Gateway
{
    /// <summary>
    /// Call control of one analog port: off-hook and dial tone, the number from DTMF keys or dial
    /// pulses against the Japanese <see cref="DialPlan"/>, routing (the access numbers to the local
    /// <see cref="TemporaryPasswordIvr"/>, anything else to <see cref="IOutgoingCalls"/>), the
    /// call-progress tones, and on-hook at any moment. It also makes what the port plays: dial
    /// and busy tone, the IVR's prompts (<see cref="PromptPlayer"/>), or the placed call's audio.
    /// Portable (nanoFramework rules), allocation-free per frame; driven by
    /// <see cref="GatewayPort"/> frame by frame, time being the frame clock's sample count.
    /// <para>
    /// Product decisions (all in samples of the 8 kHz line):
    /// <list type="bullet">
    /// <item>Dial tone (400 Hz continuous, <see cref="CallProgressToneGenerator"/>) from off-hook
    /// until the first key: a DTMF key at its onset, or the first break of a dial-pulse train (the
    /// exchange's behaviour: the tone stops as the dial moves, not when the digit is decoded).</item>
    /// <item>First-key timeout <see cref="FirstDigitTimeoutSamples"/> (10 s, like the IVR's TP-15;
    /// long enough to look a number up): then the busy tone until on-hook.</item>
    /// <item>Inter-digit timeout <see cref="InterDigitTimeoutSamples"/> (5 s, counted from the last
    /// key or the last pulse of a train): ends an open-length number (local, international), which
    /// is then placed; a number of known length left short is a partial dial: busy tone. '#' after
    /// at least one digit ends the number at once in the same way ("send now", as NTT's home
    /// gateways take it).</item>
    /// <item>A number complete by the plan is routed at once: either area's access number (TP-4,
    /// 0363044747 and 0664806430) starts the IVR, whatever the configured area; any other goes to
    /// <see cref="IOutgoingCalls.Place"/>; refused, or invalid by the plan: busy tone.</item>
    /// <item>Hook flash: ignored in every state (<see cref="LineEvent.FlashIgnored"/>): no
    /// supplementary services yet, and during the IVR a flash is neither a key nor a hang-up.</item>
    /// <item>On-hook at any moment: tones and prompts stop, the IVR is told (before the password is
    /// set it is abandoned and nothing is relayed), a placed call is released, the port is idle.</item>
    /// <item>After the IVR ends (TP-12, TP-14) its busy tone plays until on-hook; keys are ignored.</item>
    /// </list>
    /// </para>
    /// </summary>
    public sealed class CallControl : IHookListener, IIvrListener
    {
        /// <summary>No key within this of off-hook: busy tone (10 s).</summary>
        public const long FirstDigitTimeoutSamples = 10L * LineTime.SampleRateHz;

        /// <summary>No key within this of the last one: the number ends (5 s).</summary>
        public const long InterDigitTimeoutSamples = 5L * LineTime.SampleRateHz;

        private readonly LineConfiguration _line;
        private readonly IOutgoingCalls _outgoing;
        private readonly ITemporaryPasswordSink _sink;
        private readonly IGatewayMonitor _monitor;
        private readonly TemporaryPasswordIvr _ivr;
        private readonly PromptPlayer _player;
        private readonly CallProgressToneGenerator _tone = new CallProgressToneGenerator();
        private readonly char[] _digits = new char[DialPlan.MaxDigits + 1];
        private int _length;
        private CallState _state;
        private long _now;
        private long _timerStart;
        private bool _busyPending; // the IVR asked for the busy tone

        /// <summary>An idle port on <paramref name="line"/>.</summary>
        public CallControl(LineConfiguration line, IPromptSource prompts, IOutgoingCalls outgoing, ITemporaryPasswordSink sink, IGatewayMonitor? monitor)
        {
            if (line == null) { throw new ArgumentNullException(nameof(line)); }
            if (outgoing == null) { throw new ArgumentNullException(nameof(outgoing)); }
            if (sink == null) { throw new ArgumentNullException(nameof(sink)); }
            _line = line;
            _outgoing = outgoing;
            _sink = sink;
            _monitor = monitor ?? SilentMonitor.Instance;
            _player = new PromptPlayer(prompts, _monitor);
            _ivr = new TemporaryPasswordIvr(line, this);
        }

        /// <summary>Where the call is.</summary>
        public CallState State { get { return _state; } }

        /// <summary>The port's IVR (its state, strikes, last outcome).</summary>
        public TemporaryPasswordIvr Ivr { get { return _ivr; } }

        /// <summary>The prompt player (what is playing).</summary>
        public PromptPlayer Player { get { return _player; } }

        /// <summary>The tone playing (<see cref="CallProgressTone.None"/> when none).</summary>
        public CallProgressTone Tone { get { return _tone.Tone; } }

        /// <summary>The line configuration.</summary>
        public LineConfiguration Line { get { return _line; } }

        /// <summary>Keys collected for the number being dialed.</summary>
        public int DialedLength { get { return _length; } }

        /// <summary>Line time of the frame being processed (set by <see cref="BeginFrame"/>).</summary>
        public long Now { get { return _now; } }

        /// <summary>Every event of the frame that ends at <paramref name="frameEndSample"/> is dated there.</summary>
        public void BeginFrame(long frameEndSample) { _now = frameEndSample; }

        // ---- hook (IHookListener, from the HAL's HookSignalDecoder) ----

        /// <summary>Off hook: dial tone, the first-key timer starts.</summary>
        public void OffHook(long atSample)
        {
            if (_state != CallState.Idle) { return; }
            _length = 0;
            _busyPending = false;
            _state = CallState.DialTone;
            _timerStart = _now;
            _monitor.LineEvent(LineEvent.OffHook, _now);
            StartTone(CallProgressTone.Dial);
        }

        /// <summary>On hook: everything stops; the IVR is told; a placed call released.</summary>
        public void OnHook(long atSample)
        {
            if (_state == CallState.Idle) { return; }
            CallState was = _state;
            if (_ivr.State != IvrState.Idle) { _ivr.OnHook(_now); } // stops its guidance itself
            if (_player.IsPlaying)
            {
                _player.Stop();
                _monitor.PlaybackStopped(_now);
            }
            if (was == CallState.Outgoing) { _outgoing.Release(_now); }
            ClearDigits();
            _busyPending = false;
            _state = CallState.Idle;
            if (_tone.Tone != CallProgressTone.None) { StartTone(CallProgressTone.None); }
            _monitor.LineEvent(LineEvent.OnHook, _now);
        }

        /// <summary>Ignored (see the class remarks).</summary>
        public void HookFlash(long breakSample, long makeSample)
        {
            if (_state != CallState.Idle) { _monitor.LineEvent(LineEvent.FlashIgnored, _now); }
        }

        /// <summary>A dial-pulse digit: taken like a key.</summary>
        public void PulseDigit(char digit, long firstBreakSample, long lastMakeSample)
        {
            Key(digit, DigitSource.Pulse);
        }

        /// <summary>A dial-pulse train is under way (its digit not decided yet): stops the dial tone, holds the inter-digit timer.</summary>
        public void PulseTrainUnderWay()
        {
            if (_state == CallState.DialTone) { StopDialTone(); }
            if (_state == CallState.Dialing) { _timerStart = _now; }
        }

        // ---- keys ----

        /// <summary>A key from the line: DTMF ('0'-'9', '*', '#', 'A'-'D', at its onset) or a dial-pulse digit.</summary>
        public void Key(char digit, DigitSource source)
        {
            switch (_state)
            {
                case CallState.DialTone:
                case CallState.Dialing:
                    _monitor.KeyHeard(digit, source, _now);
                    DialKey(digit);
                    return;
                case CallState.Ivr:
                    _monitor.KeyHeard(IsSecret() ? 'x' : digit, source, _now);
                    _ivr.Digit(digit, source, _now);
                    return;
                case CallState.Idle:
                    return;
                default:
                    _monitor.KeyHeard(_ivr.State == IvrState.Finished ? 'x' : digit, source, _now);
                    _monitor.LineEvent(LineEvent.KeyIgnored, _now);
                    return;
            }
        }

        // Password keys: from the password step's guidance to the end of the completion guidance (a stray key
        // there may be the password keyed once more).
        private bool IsSecret()
        {
            IvrState s = _ivr.State;
            return s == IvrState.PasswordEntry || s == IvrState.PasswordConfirm || s == IvrState.Completing;
        }

        private void DialKey(char digit)
        {
            if (_state == CallState.DialTone) { StopDialTone(); }
            _timerStart = _now;
            if (digit == '#' && _length > 0)
            {
                EndNumber(LineEvent.NumberEndedByHash);
                return;
            }
            _digits[_length++] = digit;
            DialResult r = DialPlan.Check(_digits, _length);
            if (r == DialResult.Complete) { Route(); }
            else if (r == DialResult.Invalid) { Reject(LineEvent.InvalidNumber); }
        }

        // '#' or the inter-digit timeout: an open-length number is placed, a short one is a partial dial.
        private void EndNumber(LineEvent how)
        {
            if (_length > 0 && DialPlan.Check(_digits, _length) == DialResult.OpenEnded)
            {
                _monitor.LineEvent(how, _now);
                Route();
            }
            else
            {
                Reject(_length == 0 ? LineEvent.FirstDigitTimeout : LineEvent.PartialDial);
            }
        }

        private void Route()
        {
            _monitor.NumberRouted(_digits, _length, DialPlan.KindOf(_digits, _length), _now);
            string? access = AccessNumber();
            if (access != null)
            {
                _state = CallState.Ivr;
                _monitor.LineEvent(LineEvent.RoutedToIvr, _now);
                ClearDigits();
                _ivr.Start(_now, access);
                return;
            }
            bool placed = _outgoing.Place(_digits, _length, _now);
            ClearDigits();
            if (placed)
            {
                _state = CallState.Outgoing;
                _monitor.LineEvent(LineEvent.OutgoingPlaced, _now);
            }
            else
            {
                Reject(LineEvent.OutgoingRefused);
            }
        }

        // TP-4 (product decision: both areas' numbers are answered locally); no allocation.
        private string? AccessNumber()
        {
            if (Same(LineConfiguration.EastAccessNumber)) { return LineConfiguration.EastAccessNumber; }
            if (Same(LineConfiguration.WestAccessNumber)) { return LineConfiguration.WestAccessNumber; }
            return null;
        }

        private bool Same(string number)
        {
            if (number.Length != _length) { return false; }
            for (int i = 0; i < _length; i++) { if (number[i] != _digits[i]) { return false; } }
            return true;
        }

        private void Reject(LineEvent why)
        {
            ClearDigits();
            _state = CallState.Busy;
            _monitor.LineEvent(why, _now);
            StartTone(CallProgressTone.Busy);
        }

        private void StopDialTone()
        {
            _state = CallState.Dialing;
            StartTone(CallProgressTone.None);
            _monitor.LineEvent(LineEvent.DialToneStopped, _now);
        }

        // ---- time and audio ----

        /// <summary>The frame's timers: dial timeouts, the IVR's (TP-15).</summary>
        public void Tick()
        {
            if (_state == CallState.DialTone)
            {
                if (_now - _timerStart > FirstDigitTimeoutSamples) { Reject(LineEvent.FirstDigitTimeout); }
            }
            else if (_state == CallState.Dialing)
            {
                if (_now - _timerStart > InterDigitTimeoutSamples) { EndNumber(LineEvent.NumberEndedByTimeout); }
            }
            else if (_state == CallState.Ivr)
            {
                _ivr.Tick(_now);
            }
        }

        /// <summary>What the phone heard this frame (echo cancelled): the placed call's uplink.</summary>
        public void Heard(short[] cleaned, int count)
        {
            if (_state == CallState.Outgoing) { _outgoing.Heard(cleaned, count); }
        }

        /// <summary>
        /// Writes the frame to play (<paramref name="count"/> linear samples): the tone, the IVR's
        /// prompts (reporting the end of a sequence to the IVR), the placed call's audio, or silence.
        /// </summary>
        public void Fill(short[] played, int count)
        {
            if (_state == CallState.Ivr && _player.IsPlaying)
            {
                if (_player.Fill(played, 0, count, _now)) { _ivr.PromptFinished(_now); }
                ApplyBusyRequest();
                return;
            }
            if (_state == CallState.Outgoing)
            {
                if (_outgoing.FillPlayed(played, count)) { return; }
                _state = CallState.Busy;
                _monitor.LineEvent(LineEvent.OutgoingEnded, _now);
                StartTone(CallProgressTone.Busy);
            }
            ApplyBusyRequest();
            _tone.Fill(played, 0, count);
        }

        // The IVR's busy tone starts with the frame after its last prompt.
        private void ApplyBusyRequest()
        {
            if (!_busyPending) { return; }
            _busyPending = false;
            _state = CallState.Busy;
            StartTone(CallProgressTone.Busy);
        }

        private void StartTone(CallProgressTone tone)
        {
            _tone.Start(tone);
            _monitor.ToneStarted(tone, _now);
        }

        private void ClearDigits()
        {
            for (int i = 0; i < _digits.Length; i++) { _digits[i] = '\0'; }
            _length = 0;
        }

        // ---- IIvrListener (the IVR is ours; called from inside its inputs) ----

        void IIvrListener.Play(PromptId[] sequence, int count)
        {
            _monitor.PromptSequenceStarted(sequence, count, _now);
            _player.Play(sequence, count);
        }

        void IIvrListener.StopPlayback()
        {
            _player.Stop();
            _monitor.PlaybackStopped(_now);
        }

        void IIvrListener.PlayBusyTone()
        {
            _busyPending = true;
        }

        void IIvrListener.Decision(IvrDecision kind, int step, int strikes)
        {
            _monitor.IvrDecision(kind, step, strikes, _now);
        }

        bool IIvrListener.PasswordSet(TemporaryPasswordRecord record)
        {
            // Issue #12: only a durable record is a set password; the IVR tells the caller otherwise.
            if (!_sink.Accept(record)) { return false; }
            _monitor.PasswordSet(record.Unit, record.TargetNumber, record.DurationMs, record.ChargeUnits, _now);
            return true;
        }

        void IIvrListener.Ended(IvrOutcome outcome)
        {
            _monitor.IvrEnded(outcome, _now);
        }
    }
}
