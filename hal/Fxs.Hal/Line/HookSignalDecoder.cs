using System;

namespace Fxs.Hal.Line
{
    /// <summary>
    /// Turns raw loop-state edges (<see cref="IHookEdgeListener"/>, from the board's
    /// <see cref="IHookSwitch"/>) into what they mean (<see cref="IHookListener"/>): off-hook,
    /// on-hook, hook flash and dial-pulse digits. Portable and allocation-free; every threshold
    /// is in <see cref="HookSignalProfile"/>.
    /// <para>
    /// Two stages. Debounce: a loop state is accepted once it has lasted longer than
    /// <see cref="HookSignalProfile.DebounceSamples"/>, and dated from its own edge (so bounce
    /// that settles within the debounce shifts an edge by the bounce's length at most, and a
    /// glitch that reverts within it is not seen at all). Meaning, from the accepted states:
    /// while on hook, a make is off-hook. While off hook, a break is measured when the loop
    /// closes again: a line hit, a dial pulse, or a hook flash, by its length; a break that
    /// outlasts a flash is on-hook. Pulses are counted until a make lasts
    /// <see cref="HookSignalProfile.DigitEndSamples"/>, which reports the digit.
    /// </para>
    /// <para>
    /// Time only moves through the edges and <see cref="Advance"/>; call it every frame with the
    /// clock (<see cref="IMonotonicClock.NowSamples"/>), or on-hook and the last digit of a number
    /// are reported late. Edges must come in time order and none older than the last
    /// <see cref="Advance"/> (an older one is taken as happening at that time).
    /// </para>
    /// Pulses pending when the phone hangs up are dropped (the call is over); a flash that
    /// follows pulses within the pause reports their digit first.
    /// </summary>
    public sealed class HookSignalDecoder : IHookEdgeListener
    {
        private readonly IHookListener _listener;
        private readonly int _debounce;
        private readonly int _pulseBreakMin;
        private readonly int _pulseBreakMax;
        private readonly int _flashMax;
        private readonly int _digitEnd;

        private bool _raw;            // loop state as last reported by the board
        private bool _pending;        // a raw state differing from the accepted one awaits the debounce
        private long _pendingSince;   // its edge
        private bool _closed;         // accepted (debounced) loop state
        private bool _offHook;        // the phone is off hook (the meaning)
        private long _breakSince;     // accepted break: when the loop opened
        private long _makeSince;      // accepted make: when the loop closed (a hit does not restart it)
        private int _pulses;          // breaks counted in the current train
        private long _trainStart;     // first break of the train
        private long _decidedUpTo;    // latest time the timeouts have been evaluated at
        private int _rejectedTrains;
        private int _hits;

        /// <summary>Creates a decoder that starts on hook (loop open) at sample 0.</summary>
        public HookSignalDecoder(HookSignalProfile profile, IHookListener listener)
        {
            if (profile == null) { throw new ArgumentNullException(nameof(profile)); }
            if (listener == null) { throw new ArgumentNullException(nameof(listener)); }
            if (profile.DebounceSamples < 0
                || profile.PulseBreakMinSamples <= profile.DebounceSamples
                || profile.PulseBreakMaxSamples < profile.PulseBreakMinSamples
                || profile.FlashMaxSamples <= profile.PulseBreakMaxSamples
                || profile.DigitEndSamples <= profile.DebounceSamples)
            {
                throw new ArgumentException("thresholds out of order", nameof(profile));
            }
            _listener = listener;
            _debounce = profile.DebounceSamples;
            _pulseBreakMin = profile.PulseBreakMinSamples;
            _pulseBreakMax = profile.PulseBreakMaxSamples;
            _flashMax = profile.FlashMaxSamples;
            _digitEnd = profile.DigitEndSamples;
            Reset(false, 0);
        }

        /// <summary>The phone is off hook (debounced and decided: a flash or pulse break keeps it true).</summary>
        public bool IsOffHook { get { return _offHook; } }

        /// <summary>Breaks counted in a train not yet ended (0 when none is under way).</summary>
        public int PendingPulses { get { return _pulses; } }

        /// <summary>Pulse trains of more than ten breaks, refused since construction or <see cref="Reset"/>.</summary>
        public int RejectedTrains { get { return _rejectedTrains; } }

        /// <summary>Breaks longer than the debounce but shorter than a pulse, ignored since construction or <see cref="Reset"/>.</summary>
        public int LineHits { get { return _hits; } }

        /// <summary>
        /// Starts over with the loop <paramref name="loopClosed"/> at <paramref name="atSample"/>
        /// (e.g. from <see cref="IHookSwitch.LoopClosed"/> at boot): a closed loop counts as off hook
        /// without an event.
        /// </summary>
        public void Reset(bool loopClosed, long atSample)
        {
            _raw = loopClosed;
            _closed = loopClosed;
            _offHook = loopClosed;
            _pending = false;
            _pendingSince = atSample;
            _breakSince = atSample;
            _makeSince = atSample;
            _pulses = 0;
            _trainStart = atSample;
            _decidedUpTo = atSample;
            _rejectedTrains = 0;
            _hits = 0;
        }

        /// <summary>A raw edge from the board (bounce included).</summary>
        public void HookEdge(bool loopClosed, long atSample)
        {
            if (atSample < _decidedUpTo) { atSample = _decidedUpTo; }
            AdvanceTo(atSample);
            if (loopClosed == _raw) { return; } // not an edge: a repeated report
            _raw = loopClosed;
            if (loopClosed == _closed)
            {
                _pending = false; // back to the accepted state within the debounce: a glitch
            }
            else
            {
                _pending = true;
                _pendingSince = atSample;
            }
        }

        /// <summary>Lets time pass up to <paramref name="nowSamples"/>: accepts settled states, ends digits, detects on-hook.</summary>
        public void Advance(long nowSamples)
        {
            if (nowSamples < _decidedUpTo) { return; }
            AdvanceTo(nowSamples);
        }

        private void AdvanceTo(long t)
        {
            if (_pending)
            {
                // Timeouts run on the accepted state only up to the pending edge: if that edge is
                // real, the accepted state ended there.
                Decide(_pendingSince);
                if (t - _pendingSince > _debounce)
                {
                    _pending = false;
                    Accept(_raw, _pendingSince);
                    Decide(t);
                }
            }
            else
            {
                Decide(t);
            }
        }

        // Timeouts of the accepted state, evaluated at time x (never decreasing).
        private void Decide(long x)
        {
            if (x > _decidedUpTo) { _decidedUpTo = x; }
            if (!_offHook) { return; }
            if (_closed)
            {
                if (_pulses > 0 && x - _makeSince >= _digitEnd) { EndTrain(); }
            }
            else if (x - _breakSince > _flashMax)
            {
                _offHook = false;
                _pulses = 0; // a train cut by hanging up is dropped
                _listener.OnHook(_breakSince);
            }
        }

        private void Accept(bool closed, long at)
        {
            _closed = closed;
            if (!closed)
            {
                _breakSince = at;
                return;
            }
            if (!_offHook)
            {
                _offHook = true;
                _pulses = 0;
                _makeSince = at;
                _listener.OffHook(at);
                return;
            }
            long length = at - _breakSince;
            if (length < _pulseBreakMin)
            {
                _hits++; // the make before the hit goes on
            }
            else if (length <= _pulseBreakMax)
            {
                if (_pulses == 0) { _trainStart = _breakSince; }
                _pulses++;
                _makeSince = at;
            }
            else
            {
                if (_pulses > 0) { EndTrain(); }
                _makeSince = at;
                _listener.HookFlash(_breakSince, at);
            }
        }

        private void EndTrain()
        {
            int pulses = _pulses;
            _pulses = 0;
            if (pulses > HookSignalProfile.MaxPulsesPerDigit)
            {
                _rejectedTrains++;
                return;
            }
            char digit = pulses == 10 ? '0' : (char)('0' + pulses);
            _listener.PulseDigit(digit, _trainStart, _makeSince);
        }
    }
}
