using System;

namespace Fxs.Hal.Sim
{
    /// <summary>
    /// The model phone on the far side of a <see cref="SimBoard"/>'s line. It touches only the
    /// loop (hook state) and audio: it sends DTMF from the board's <see cref="IKeypadSignal"/> (the core's DtmfGenerator) and
    /// dial pulses by opening and closing the loop, and keeps what it hears.
    /// <para>
    /// Script: each call appends its actions to the phone's timeline, then runs the board for
    /// every whole 10 ms frame the timeline now covers; the timeline is sample-exact, so a
    /// remainder under 10 ms plays at the start of the next call's frames (Wait(15) twice is
    /// 30 ms of line time, not 40). When the timeline runs out the phone holds its hook state
    /// and sends silence. Actions are not allocated: a call allocates nothing.
    /// </para>
    /// </summary>
    public sealed class SimPhone
    {
        private const int SegmentCapacity = 1024;

        private struct Segment
        {
            public int Samples;      // 0: an instant change of hook state
            public bool Closed;
            public char Digit;       // '\0': silence
            public int LowDeciDbm0, HighDeciDbm0, LowOffset, HighOffset;
        }

        private readonly SimBoard _board;
        private readonly Segment[] _segments = new Segment[SegmentCapacity];
        private readonly IKeypadSignal _dtmf;
        private readonly short[] _ear;
        private int _first, _count;      // queued segments
        private int _remaining;          // samples left in the segment under way
        private bool _closed;            // loop state now (at the last sample produced)
        private bool _tone;
        private bool _tailClosed;        // loop state at the end of the timeline
        private long _cursor;            // line time where the timeline ends
        private long _earTotal;

        internal SimPhone(SimBoard board, IKeypadSignal keypad, int earCapacityMs)
        {
            if (earCapacityMs < 10) { throw new ArgumentOutOfRangeException(nameof(earCapacityMs)); }
            _board = board;
            _dtmf = keypad;
            _ear = new short[earCapacityMs * LineTime.SamplesPerMs];
        }

        /// <summary>True while the loop is closed at the line time reached (dial-pulse makes included; a flash's or pulse's break is false).</summary>
        public bool LoopClosed { get { return _closed; } }

        /// <summary>True when the script leaves the phone off hook (what the last OffHook/OnHook said).</summary>
        public bool IsOffHook { get { return _tailClosed; } }

        /// <summary>True while the gateway applies ring voltage.</summary>
        public bool IsRinging { get { return _board.Ringer.IsRinging; } }

        /// <summary>Line time where the script's timeline ends (at most one frame ahead of the board).</summary>
        public long ScriptEndSample { get { return _cursor; } }

        /// <summary>Lifts the handset (the loop closes at the timeline's end).</summary>
        public void OffHook()
        {
            Append(0, true, '\0', 0, 0, 0, 0);
            Run();
        }

        /// <summary>Hangs up (the loop opens at the timeline's end; the gateway decides on-hook about a second later).</summary>
        public void OnHook()
        {
            Append(0, false, '\0', 0, 0, 0, 0);
            Run();
        }

        /// <summary>Holds the current state, silent, for <paramref name="ms"/> milliseconds.</summary>
        public void Wait(int ms) { WaitSamples(checked(ms * LineTime.SamplesPerMs)); }

        /// <summary>Holds the current state, silent, for <paramref name="samples"/> samples.</summary>
        public void WaitSamples(int samples)
        {
            if (samples < 0) { throw new ArgumentOutOfRangeException(nameof(samples)); }
            Append(samples, _tailClosed, '\0', 0, 0, 0, 0);
            Run();
        }

        /// <summary>A hook flash: the loop opens for <paramref name="breakMs"/>, then closes again.</summary>
        public void Flash(int breakMs = 300)
        {
            RequireOffHook();
            if (breakMs <= 0) { throw new ArgumentOutOfRangeException(nameof(breakMs)); }
            Append(checked(breakMs * LineTime.SamplesPerMs), false, '\0', 0, 0, 0, 0);
            Append(0, true, '\0', 0, 0, 0, 0);
            Run();
        }

        /// <summary>
        /// Opens the loop for exactly <paramref name="breakSamples"/> samples, then closes it (a
        /// raw break of any length: a pulse, a line hit, a flash, a hang-up).
        /// </summary>
        public void Break(int breakSamples)
        {
            RequireOffHook();
            if (breakSamples <= 0) { throw new ArgumentOutOfRangeException(nameof(breakSamples)); }
            Append(breakSamples, false, '\0', 0, 0, 0, 0);
            Append(0, true, '\0', 0, 0, 0, 0);
            Run();
        }

        /// <summary>
        /// Keys <paramref name="digits"/> (0-9, *, #, A-D) as DTMF: each tone for
        /// <paramref name="toneMs"/>, then <paramref name="pauseMs"/> of silence. Levels per tone in
        /// tenths of dBm0: the low-group tone at <paramref name="levelDeciDbm0"/>, the high-group tone
        /// <paramref name="twistDeciDb"/> higher (Japanese phones send the high group up to 5 dB
        /// stronger); frequency offsets in hundredths of a percent. White noise and the µ-law
        /// round trip are the line's (<see cref="SimBoardOptions"/>).
        /// </summary>
        public void DialDtmf(string digits, int toneMs = 60, int pauseMs = 60, int levelDeciDbm0 = -100, int twistDeciDb = 0,
            int lowOffsetCentiPercent = 0, int highOffsetCentiPercent = 0)
        {
            if (digits == null) { throw new ArgumentNullException(nameof(digits)); }
            RequireOffHook();
            if (toneMs <= 0 || pauseMs < 0) { throw new ArgumentOutOfRangeException(nameof(toneMs)); }
            int high = levelDeciDbm0 + twistDeciDb;
            // Validate everything first (the keypad throws on bad levels or offsets), so a bad call queues nothing.
            for (int i = 0; i < digits.Length; i++)
            {
                if (!_dtmf.HasKey(digits[i])) { throw new ArgumentException("not a DTMF digit: " + digits[i], nameof(digits)); }
                _dtmf.Check(digits[i], levelDeciDbm0, high, lowOffsetCentiPercent, highOffsetCentiPercent);
            }
            for (int i = 0; i < digits.Length; i++)
            {
                Append(checked(toneMs * LineTime.SamplesPerMs), true, digits[i], levelDeciDbm0, high, lowOffsetCentiPercent, highOffsetCentiPercent);
                if (pauseMs > 0) { Append(pauseMs * LineTime.SamplesPerMs, true, '\0', 0, 0, 0, 0); }
                Run();
            }
        }

        /// <summary>Dials <paramref name="digits"/> (0-9) with pulses at <paramref name="pps"/> (10 or 20) and that rate's typical timing (<see cref="PulseDialing"/>).</summary>
        public void DialPulses(string digits, int pps = 10)
        {
            if (pps >= 15) { DialPulses(digits, 200, PulseDialing.TypicalMakePercent, PulseDialing.TypicalPauseMs20Pps); }
            else { DialPulses(digits, 100, PulseDialing.TypicalMakePercent, PulseDialing.TypicalPauseMs10Pps); }
        }

        /// <summary>Dials <paramref name="digits"/> with explicit timing (see the other overload).</summary>
        public void DialPulses(string digits, PulseDialing dialing)
        {
            if (dialing == null) { throw new ArgumentNullException(nameof(dialing)); }
            DialPulses(digits, dialing.PpsTenths, dialing.MakePercent, dialing.InterDigitPauseMs);
        }

        /// <summary>
        /// Dials <paramref name="digits"/> (0-9; '0' is ten breaks) by opening and closing the loop:
        /// per pulse a break, then a make, at <paramref name="ppsTenths"/> tenths of pulses per second
        /// and <paramref name="makePercent"/> % make, each edge rounded to the nearest sample of its
        /// exact time; after the last break of a digit the loop stays closed for
        /// <paramref name="interDigitPauseMs"/>. Nothing checks the Japanese limits: tests dial at
        /// and past them.
        /// </summary>
        public void DialPulses(string digits, int ppsTenths, int makePercent, int interDigitPauseMs)
        {
            if (digits == null) { throw new ArgumentNullException(nameof(digits)); }
            if (ppsTenths < 10 || ppsTenths > 1000) { throw new ArgumentOutOfRangeException(nameof(ppsTenths)); }
            if (makePercent < 1 || makePercent > 99) { throw new ArgumentOutOfRangeException(nameof(makePercent)); }
            if (interDigitPauseMs < 0) { throw new ArgumentOutOfRangeException(nameof(interDigitPauseMs)); }
            RequireOffHook();
            for (int i = 0; i < digits.Length; i++)
            {
                if (digits[i] < '0' || digits[i] > '9') { throw new ArgumentException("not a dial digit: " + digits[i], nameof(digits)); }
            }
            // Pulse k of a train breaks at k·P and makes at (k + 1 − m)·P, P = rate / pps samples:
            // in integers, k·rate·1000 / (pps·10 · 100) with pps·10 and m in percent.
            long denominator = (long)ppsTenths * 100;
            for (int i = 0; i < digits.Length; i++)
            {
                int pulses = digits[i] == '0' ? 10 : digits[i] - '0';
                for (int k = 0; k < pulses; k++)
                {
                    long breakAt = Round(k * LineTime.SampleRateHz * 1000L, denominator);
                    long makeAt = Round((k * 100L + 100 - makePercent) * LineTime.SampleRateHz * 10L, denominator);
                    long nextBreakAt = Round((k + 1) * LineTime.SampleRateHz * 1000L, denominator);
                    Append((int)(makeAt - breakAt), false, '\0', 0, 0, 0, 0);
                    if (k < pulses - 1) { Append((int)(nextBreakAt - makeAt), true, '\0', 0, 0, 0, 0); }
                }
                Append(checked(interDigitPauseMs * LineTime.SamplesPerMs), true, '\0', 0, 0, 0, 0);
                Run();
            }
        }

        /// <summary>Samples the phone has heard since the board started (including time on hook, heard as silence).</summary>
        public long HeardSamples { get { return _earTotal; } }

        /// <summary>
        /// Copies what the phone heard from line time <paramref name="fromSample"/> on into
        /// <paramref name="destination"/>; returns the samples copied (fewer when the ring buffer
        /// no longer holds the start, or less has been heard).
        /// </summary>
        public int CopyHeard(long fromSample, short[] destination, int offset, int count)
        {
            long oldest = _earTotal - _ear.Length;
            if (oldest < 0) { oldest = 0; }
            if (fromSample < oldest) { fromSample = oldest; }
            long available = _earTotal - fromSample;
            if (available <= 0) { return 0; }
            int n = (int)(available < count ? available : count);
            for (int i = 0; i < n; i++) { destination[offset + i] = _ear[(int)((fromSample + i) % _ear.Length)]; }
            return n;
        }

        // The timeline for the next `count` samples: loop state and transmitted audio.
        internal void Produce(short[] tx, bool[] closed, int count)
        {
            int pos = 0;
            while (pos < count)
            {
                if (_remaining == 0 && !StartNextSegment())
                {
                    for (; pos < count; pos++) { tx[pos] = 0; closed[pos] = _closed; }
                    return;
                }
                int n = _remaining < count - pos ? _remaining : count - pos;
                if (_tone && _closed) { _dtmf.Fill(tx, pos, n); }
                else { Array.Clear(tx, pos, n); }
                for (int i = pos; i < pos + n; i++) { closed[i] = _closed; }
                pos += n;
                _remaining -= n;
            }
        }

        // The ear: what the gateway played, while the loop is closed (an on-hook phone hears nothing).
        internal void Hear(short[] played, bool[] closed, int count)
        {
            for (int i = 0; i < count; i++)
            {
                _ear[(int)(_earTotal % _ear.Length)] = closed[i] ? played[i] : (short)0;
                _earTotal++;
            }
        }

        private bool StartNextSegment()
        {
            while (_count > 0)
            {
                Segment s = _segments[_first];
                _first = (_first + 1) % SegmentCapacity;
                _count--;
                _closed = s.Closed;
                if (s.Samples == 0) { continue; }
                _remaining = s.Samples;
                _tone = s.Digit != '\0';
                if (_tone) { _dtmf.SetDigit(s.Digit, s.LowDeciDbm0, s.HighDeciDbm0, s.LowOffset, s.HighOffset); }
                else { _dtmf.Silence(); }
                return true;
            }
            _tone = false;
            return false;
        }

        private void Append(int samples, bool closed, char digit, int low, int high, int lowOffset, int highOffset)
        {
            if (_count == SegmentCapacity) { throw new InvalidOperationException("phone timeline full"); }
            if (_count == 0 && _remaining == 0 && _cursor < _board.NowSamples) { _cursor = _board.NowSamples; }
            ref Segment s = ref _segments[(_first + _count) % SegmentCapacity];
            s.Samples = samples;
            s.Closed = closed;
            s.Digit = digit;
            s.LowDeciDbm0 = low;
            s.HighDeciDbm0 = high;
            s.LowOffset = lowOffset;
            s.HighOffset = highOffset;
            _count++;
            _cursor += samples;
            _tailClosed = closed;
        }

        private void Run() { _board.RunUntil(_cursor); }

        private void RequireOffHook()
        {
            if (!_tailClosed) { throw new InvalidOperationException("the phone is on hook"); }
        }

        private static long Round(long numerator, long denominator) { return (numerator + denominator / 2) / denominator; }
    }
}
