using System;
using Fxs.Core.Line;
using Fxs.Hal;

namespace Fxs.Core.Ivr
{
    /// <summary>
    /// The local IVR of the temporary-password service (TP-7..TP-15): the unit menu, the phone
    /// number, the 8-digit password keyed twice, wrong entries, timeouts, barge-in and on-hook,
    /// for push-button and rotary (dial-pulse) phones alike. Portable (nanoFramework): no
    /// generics, no floating point, every buffer allocated by the constructor, nothing allocated
    /// per input; time is injected as 8 kHz line samples, never read from a clock.
    /// <para>
    /// Inputs (one dispatch each, by <see cref="State"/>): <see cref="Start"/> once call control
    /// has recognised the access number; <see cref="Digit"/> per key; <see cref="PromptFinished"/>
    /// when the board has played the sequence asked for; <see cref="Tick"/> every 10 ms frame for
    /// the timeouts; <see cref="OnHook"/>. Outputs go to an <see cref="IIvrListener"/>.
    /// </para>
    /// <para>
    /// Rules and the product decisions they leave open:
    /// <list type="bullet">
    /// <item>TP-7: menu keys 1, 2, 3; any other key (0, 4-9, *, #, A-D) is a wrong entry (TP-13).</item>
    /// <item>TP-8: unit 1 sets the contract number; its digits are read back before the guidance,
    /// grouped as the number is written, with <see cref="PromptId.GroupPause"/> at each hyphen
    /// (issue #13 item 9, <see cref="NumberGroups"/>).</item>
    /// <item>TP-9: the number is 1-<see cref="MaxNumberDigits"/> digits then '#', and must be the
    /// contract number or an additional number. An entry is judged as soon as it cannot be valid:
    /// '*' or A-D, '#' with no digit, or a 16th digit is a wrong entry at once.</item>
    /// <item>TP-10: unit 3 asks for the number as TP-9 when the notify number is the contract number,
    /// and goes straight to the password for the notify number when it is an additional number.</item>
    /// <item>TP-11: the password is exactly 8 digits and needs no terminator: the 8th digit ends the
    /// entry. A key other than 0-9 before it, or a timeout, is a wrong entry. A key after the 8th
    /// belongs to what follows: the confirmation (it barges into its guidance as its first digit),
    /// except one '#' keyed while the next guidance plays, which is ignored
    /// (<see cref="IvrDecision.TerminatorIgnored"/>: users end entries with '#' out of habit; no
    /// entry can begin with '#').</item>
    /// <item>TP-12: the password is set when the confirmation matches, and reported
    /// (<see cref="IIvrListener.PasswordSet"/>) right then, BEFORE the completion guidance (number
    /// read back, then <see cref="PromptId.PasswordSet"/>) is asked for: the relay must have the
    /// record durable by the time the caller hears 「完了しました」 (issue #4). The record's call end
    /// is that match (the key's time) and its charge units (TP-6) are computed from it: the
    /// guidance that follows is the carrier's courtesy, not the caller's business. A hang-up during
    /// the completion guidance does not undo it (outcome <see cref="IvrOutcome.Set"/>, no second
    /// report); when the guidance has played, the busy tone, then <see cref="IvrOutcome.Set"/>.</item>
    /// <item>Issue #12: when the listener answers that the record is not durable (disk full), the
    /// password is not set: <see cref="IvrDecision.NotStored"/>, then <see cref="PromptId.CannotSetNow"/>
    /// in place of the completion guidance, the busy tone, outcome <see cref="IvrOutcome.Failed"/>.</item>
    /// <item>TP-13: a wrong entry plays <see cref="PromptId.InvalidEntry"/> followed by the step's
    /// guidance again (so that a user who restarts the password hears what to key).</item>
    /// <item>TP-14: 3 wrong entries per step (menu, number, password; the password step holds the
    /// first entry and the confirmation); any wrong entry in the password step, a differing
    /// confirmation included, restarts it from the first entry. The third plays
    /// <see cref="PromptId.TooManyErrors"/>, then the busy tone, outcome <see cref="IvrOutcome.Failed"/>.</item>
    /// <item>TP-15: 10 s from the end of the guidance to the first key, 5 s between keys (a timeout
    /// fires when more than that has passed). A timeout is a wrong entry and replays the step's
    /// guidance, without <see cref="PromptId.InvalidEntry"/> (nothing wrong was keyed). A key while
    /// guidance plays (the invalid-entry message included) stops it (<see cref="IIvrListener.StopPlayback"/>)
    /// and counts as the entry's first key. Keys during the completion or closing message are ignored.
    /// On-hook before the password is set abandons the call: nothing is relayed.</item>
    /// <item>Rotary phones have no '#': in the number step, when the last digit came by dial pulse and
    /// at least <see cref="PulseNumberMinDigits"/> digits are in, the 5 s pause ends the number as '#'
    /// would (fixed lines are 10 digits from the area code, 050 and 0800 numbers 11, TP-3; every
    /// number of a line is at least 10 digits, so a pause after fewer is still a timeout). A pause
    /// is how a rotary user "finishes" anyway, and costs nothing more than the timeout already
    /// waited for; the number is then checked against the line as usual.</item>
    /// </list>
    /// </para>
    /// Password digits live in two <see cref="SecretDigits"/> (first entry, confirmation) and the
    /// record's; every one is zeroed when the call ends, whatever the outcome, and the record's
    /// right after <see cref="IIvrListener.PasswordSet"/> returns.
    /// </summary>
    public sealed class TemporaryPasswordIvr
    {

        /// <summary>Line samples per millisecond.</summary>
        public const int SamplesPerMs = 8;

        /// <summary>TP-14: wrong entries in a step that end the call.</summary>
        public const int MaxStrikes = 3;

        /// <summary>TP-11: digits of a temporary password.</summary>
        public const int PasswordDigits = 8;

        /// <summary>Longest number keyed (the line's rule, <see cref="LineConfiguration.MaxNumberDigits"/>).</summary>
        private const int MaxNumberDigits = LineConfiguration.MaxNumberDigits;

        /// <summary>Dial-pulse digits after which the inter-digit pause ends a number (TP-3: fixed lines are 10 digits).</summary>
        public const int PulseNumberMinDigits = 10;

        /// <summary>TP-15: time from the end of the guidance to the first key, samples (10 s).</summary>
        public const long FirstDigitTimeoutSamples = 10L * LineTime.SampleRateHz;

        /// <summary>TP-15: time between keys of an entry, samples (5 s).</summary>
        public const long InterDigitTimeoutSamples = 5L * LineTime.SampleRateHz;

        // InvalidEntry + the longest number read back, with a pause at each of its two hyphens, + the sentence after it.
        private const int PromptCapacity = 1 + MaxNumberDigits + 2 + 1;

        private readonly LineConfiguration _line;
        private readonly IIvrListener _listener;
        private readonly PromptId[] _prompts = new PromptId[PromptCapacity];
        private readonly char[] _number = new char[MaxNumberDigits];
        private readonly SecretDigits _first = new SecretDigits(PasswordDigits);
        private readonly SecretDigits _confirm = new SecretDigits(PasswordDigits);
        private readonly TemporaryPasswordRecord _record = new TemporaryPasswordRecord();
        private readonly int[] _strikes = new int[IvrStep.Count];

        private IvrState _state;
        private IvrOutcome _lastOutcome;
        private bool _playing;          // a sequence asked for has not finished nor been stopped
        private int _keys;              // keys taken in the current entry
        private int _numberLength;
        private bool _timerArmed;
        private bool _interDigit;       // the armed timer is the 5 s one (else the 10 s one)
        private long _timerStart;
        private DigitSource _lastSource;
        private bool _swallowHash;      // one leading '#' is ignored while this guidance plays
        private PasswordUnit _unit;
        private string _target = string.Empty;
        private string _access = string.Empty;
        private long _callStart;
        private PromptId _closingPrompt = PromptId.TooManyErrors; // what the Closing state says (TP-14, or issue #12)

        /// <summary>An idle IVR for the port whose line is <paramref name="line"/>.</summary>
        public TemporaryPasswordIvr(LineConfiguration line, IIvrListener listener)
        {
            if (line == null) { throw new ArgumentNullException(nameof(line)); }
            if (listener == null) { throw new ArgumentNullException(nameof(listener)); }
            _line = line;
            _listener = listener;
            _state = IvrState.Idle;
        }

        /// <summary>Where the call is.</summary>
        public IvrState State { get { return _state; } }

        /// <summary>A prompt sequence asked for is still playing (not finished, not stopped).</summary>
        public bool IsPlaying { get { return _playing; } }

        /// <summary>Keys taken in the entry under way.</summary>
        public int KeysInEntry { get { return _keys; } }

        /// <summary>The step (<see cref="IvrStep"/>) whose keys and wrong entries are being counted; <see cref="IvrStep.None"/> outside the input states.</summary>
        public int Step { get { return StepOf(_state); } }

        /// <summary>The unit chosen in this call (<see cref="PasswordUnit.None"/> before the menu key).</summary>
        public PasswordUnit Unit { get { return _unit; } }

        /// <summary>How the last call ended (<see cref="IvrOutcome.None"/> while one is under way or before the first).</summary>
        public IvrOutcome LastOutcome { get { return _lastOutcome; } }

        /// <summary>Wrong entries counted so far in <paramref name="step"/> (<see cref="IvrStep"/>).</summary>
        public int StrikesIn(int step)
        {
            if (step < 0 || step >= IvrStep.Count) { throw new ArgumentOutOfRangeException(nameof(step)); }
            return _strikes[step];
        }

        /// <summary>True when no buffer holds a password digit (or a number digit) any more.</summary>
        public bool BuffersCleared
        {
            get
            {
                int any = _numberLength;
                for (int i = 0; i < _number.Length; i++) { any |= _number[i]; }
                return any == 0 && _first.IsCleared && _confirm.IsCleared && _record.Password.IsCleared;
            }
        }

        /// <summary>
        /// A call begins: call control recognised <paramref name="accessNumberDialed"/> (TP-4) and hands
        /// the line over at <paramref name="nowSamples"/> (the call's start for TP-6). Plays the menu
        /// (TP-7). Throws <see cref="InvalidOperationException"/> while a call is under way (before
        /// on-hook or <see cref="IIvrListener.Ended"/>).
        /// </summary>
        public void Start(long nowSamples, string accessNumberDialed)
        {
            if (accessNumberDialed == null) { throw new ArgumentNullException(nameof(accessNumberDialed)); }
            if (_state != IvrState.Idle && _state != IvrState.Finished) { throw new InvalidOperationException("a call is under way"); }
            ClearBuffers();
            for (int i = 0; i < IvrStep.Count; i++) { _strikes[i] = 0; }
            _unit = PasswordUnit.None;
            _target = string.Empty;
            _access = accessNumberDialed;
            _callStart = nowSamples;
            _lastOutcome = IvrOutcome.None;
            _playing = false;
            _state = IvrState.Menu;
            Enter(IvrState.Menu, false, false);
        }

        /// <summary>
        /// A key: '0'-'9', '*', '#', 'A'-'D' by DTMF, '0'-'9' by dial pulse, at <paramref name="nowSamples"/>.
        /// A timeout already due at that time is applied first.
        /// </summary>
        public void Digit(char digit, DigitSource source, long nowSamples)
        {
            if (!IsInputState(_state)) { return; } // idle, finished, or a closing/completion message: ignored
            CheckTimeout(nowSamples);
            if (!IsInputState(_state)) { return; } // that timeout was the third wrong entry
            if (_swallowHash && digit == '#' && _playing && _keys == 0)
            {
                _swallowHash = false;
                Decide(IvrDecision.TerminatorIgnored, StepOf(_state));
                return;
            }
            _swallowHash = false;
            if (_playing)
            {
                _playing = false;
                _listener.StopPlayback();
                Decide(IvrDecision.BargeIn, StepOf(_state));
            }
            _keys++;
            _lastSource = source;
            ArmTimer(nowSamples, true);
            switch (_state)
            {
                case IvrState.Menu: MenuKey(digit); break;
                case IvrState.NumberEntry: NumberKey(digit); break;
                case IvrState.PasswordEntry: PasswordKey(digit); break;
                default: ConfirmKey(digit, nowSamples); break;
            }
        }

        /// <summary>The board has played the whole sequence last asked for (ignored when none plays).</summary>
        public void PromptFinished(long nowSamples)
        {
            if (!_playing) { return; }
            _playing = false;
            _swallowHash = false;
            switch (_state)
            {
                case IvrState.Completing:
                    Finish(IvrOutcome.Set); // reported at the match already
                    break;
                case IvrState.Closing:
                    Finish(IvrOutcome.Failed);
                    break;
                default:
                    if (IsInputState(_state)) { ArmTimer(nowSamples, false); }
                    break;
            }
        }

        /// <summary>The 10 ms frame clock: fires the timeouts (TP-15) that are due at <paramref name="nowSamples"/>.</summary>
        public void Tick(long nowSamples)
        {
            if (IsInputState(_state)) { CheckTimeout(nowSamples); }
        }

        /// <summary>
        /// The phone hung up (the loop opened at <paramref name="nowSamples"/>). Before the password is
        /// set: abandoned, nothing relayed. During the completion guidance: the password was reported
        /// at the match and stays set (outcome Set). During the closing message: failed. After
        /// <see cref="IIvrListener.Ended"/>: nothing (the IVR becomes idle).
        /// </summary>
        public void OnHook(long nowSamples)
        {
            switch (_state)
            {
                case IvrState.Idle:
                    return;
                case IvrState.Finished:
                    _state = IvrState.Idle;
                    return;
                case IvrState.Completing:
                    StopIfPlaying();
                    EndCall(IvrOutcome.Set); // reported at the match already; a hang-up does not undo it
                    return;
                case IvrState.Closing:
                    StopIfPlaying();
                    EndCall(IvrOutcome.Failed);
                    return;
                default:
                    StopIfPlaying();
                    Decide(IvrDecision.Abandoned, StepOf(_state));
                    EndCall(IvrOutcome.Abandoned);
                    return;
            }
        }

        // ---- the steps -------------------------------------------------------------------

        // TP-7, TP-13 (product decision: other keys are wrong entries).
        private void MenuKey(char digit)
        {
            switch (digit)
            {
                case '1':
                    _unit = PasswordUnit.Line;
                    _target = _line.ContractNumber; // TP-8
                    Decide(IvrDecision.UnitLine, IvrStep.Menu);
                    Transition(IvrState.PasswordEntry, false, true);
                    break;
                case '2':
                    _unit = PasswordUnit.PhoneNumber; // TP-9
                    Decide(IvrDecision.UnitPhoneNumber, IvrStep.Menu);
                    Transition(IvrState.NumberEntry, false, true);
                    break;
                case '3':
                    _unit = PasswordUnit.AdminUser; // TP-10
                    Decide(IvrDecision.UnitAdminUser, IvrStep.Menu);
                    if (_line.NotifyIsContract)
                    {
                        Transition(IvrState.NumberEntry, false, true);
                    }
                    else
                    {
                        _target = _line.NotifyNumber;
                        Decide(IvrDecision.NotifyNumberUsed, IvrStep.Number);
                        Transition(IvrState.PasswordEntry, false, true);
                    }
                    break;
                default:
                    Strike(IvrDecision.InvalidMenuKey, true);
                    break;
            }
        }

        // TP-9: digits then '#'; judged as soon as it cannot be valid.
        private void NumberKey(char digit)
        {
            if (digit >= '0' && digit <= '9')
            {
                if (_numberLength == MaxNumberDigits) { Strike(IvrDecision.NumberMalformed, true); return; }
                _number[_numberLength++] = digit;
            }
            else if (digit == '#' && _numberLength > 0)
            {
                _timerArmed = false;
                JudgeNumber();
            }
            else
            {
                Strike(IvrDecision.NumberMalformed, true);
            }
        }

        private void JudgeNumber()
        {
            string? found = _line.FindNumber(_number, _numberLength);
            if (found == null)
            {
                Strike(IvrDecision.NumberNotOnLine, true);
                return;
            }
            _target = found;
            Decide(IvrDecision.NumberAccepted, IvrStep.Number);
            Transition(IvrState.PasswordEntry, false, true);
        }

        // TP-11: the 8th digit ends the entry.
        private void PasswordKey(char digit)
        {
            if (!_first.Append(digit)) { Strike(IvrDecision.PasswordMalformed, true); return; }
            if (_first.Length < PasswordDigits) { return; }
            Decide(IvrDecision.PasswordFirstEntered, IvrStep.Password);
            Transition(IvrState.PasswordConfirm, false, true);
        }

        // TP-11, TP-14 (a differing confirmation restarts the password step).
        // TP-12: the match sets the password and reports it before the completion guidance.
        private void ConfirmKey(char digit, long now)
        {
            if (!_confirm.Append(digit)) { Strike(IvrDecision.PasswordMalformed, true); return; }
            if (_confirm.Length < PasswordDigits) { return; }
            if (!_confirm.SameAs(_first)) { Strike(IvrDecision.PasswordMismatch, true); return; }
            Decide(IvrDecision.PasswordConfirmed, IvrStep.Password);
            if (ReportSet(now))
            {
                Transition(IvrState.Completing, false, false);
                return;
            }
            // Issue #12: not durable, so not set: never 「完了しました」; ask the caller to call again later.
            Decide(IvrDecision.NotStored, IvrStep.Password);
            _closingPrompt = PromptId.CannotSetNow;
            Transition(IvrState.Closing, false, false);
        }

        // TP-13, TP-14: one wrong entry in the current step.
        private void Strike(IvrDecision kind, bool sayInvalid)
        {
            int step = StepOf(_state);
            _strikes[step]++;
            Decide(kind, step);
            if (_strikes[step] >= MaxStrikes)
            {
                Decide(IvrDecision.TooManyErrors, step);
                _closingPrompt = PromptId.TooManyErrors;
                Transition(IvrState.Closing, false, false);
                return;
            }
            IvrState first = step == IvrStep.Menu ? IvrState.Menu : step == IvrStep.Number ? IvrState.NumberEntry : IvrState.PasswordEntry;
            Transition(first, sayInvalid, false);
        }

        // TP-15: timeouts are wrong entries, except the pause that ends a rotary phone's number.
        private void CheckTimeout(long now)
        {
            if (!_timerArmed || _playing) { return; }
            long limit = _interDigit ? InterDigitTimeoutSamples : FirstDigitTimeoutSamples;
            if (now - _timerStart <= limit) { return; }
            _timerArmed = false;
            if (_state == IvrState.NumberEntry && _interDigit && _lastSource == DigitSource.Pulse
                && _numberLength >= PulseNumberMinDigits)
            {
                Decide(IvrDecision.PulseNumberEnded, IvrStep.Number);
                JudgeNumber();
                return;
            }
            Strike(_interDigit ? IvrDecision.InterDigitTimeout : IvrDecision.FirstDigitTimeout, false);
        }

        // ---- states: exit, enter -----------------------------------------------------------

        private void Transition(IvrState next, bool sayInvalid, bool afterCompletedEntry)
        {
            Exit(_state);
            _state = next;
            if (next != IvrState.PasswordConfirm && next != IvrState.Completing) { _first.Clear(); }
            Enter(next, sayInvalid, afterCompletedEntry);
        }

        private void Exit(IvrState state)
        {
            switch (state)
            {
                case IvrState.NumberEntry: ClearNumber(); break;
                case IvrState.PasswordConfirm: _confirm.Clear(); break;
                default: break;
            }
            _timerArmed = false;
            _keys = 0;
        }

        private void Enter(IvrState state, bool sayInvalid, bool afterCompletedEntry)
        {
            _keys = 0;
            _timerArmed = false;
            _swallowHash = afterCompletedEntry;
            int n = 0;
            if (sayInvalid) { _prompts[n++] = PromptId.InvalidEntry; }
            switch (state)
            {
                case IvrState.Menu:
                    _prompts[n++] = PromptId.UnitMenu;
                    break;
                case IvrState.NumberEntry:
                    ClearNumber();
                    _prompts[n++] = PromptId.EnterPhoneNumber;
                    break;
                case IvrState.PasswordEntry:
                    _first.Clear();
                    _confirm.Clear();
                    n = AppendNumber(_target, n);
                    _prompts[n++] = PromptId.SetPasswordForNumber;
                    break;
                case IvrState.PasswordConfirm:
                    _confirm.Clear();
                    _prompts[n++] = PromptId.ConfirmPassword;
                    break;
                case IvrState.Completing:
                    n = AppendNumber(_target, n);
                    _prompts[n++] = PromptId.PasswordSet;
                    break;
                case IvrState.Closing:
                    ClearBuffers();
                    _prompts[n++] = _closingPrompt;
                    break;
                default:
                    return;
            }
            _playing = true;
            _listener.Play(_prompts, n);
        }

        // After the completion or closing message: busy tone until on-hook (TP-12, TP-14).
        private void Finish(IvrOutcome outcome)
        {
            Exit(_state);
            ClearBuffers();
            _state = IvrState.Finished;
            _lastOutcome = outcome;
            _listener.PlayBusyTone();
            _listener.Ended(outcome);
        }

        // On-hook: the call is over, no busy tone.
        private void EndCall(IvrOutcome outcome)
        {
            Exit(_state);
            ClearBuffers();
            _state = IvrState.Idle;
            _lastOutcome = outcome;
            _listener.Ended(outcome);
        }

        // TP-6, TP-12: the record, handed over once at the match; its password is zeroed however the
        // listener returns. True when the listener made it durable (issue #12).
        private bool ReportSet(long end)
        {
            long duration = end - _callStart;
            if (duration < 0) { duration = 0; }
            _record.Unit = _unit;
            _record.TargetNumber = _target;
            _record.NotifyNumber = _line.NotifyNumber;
            _record.AccessNumberDialed = _access;
            _record.CallStartSample = _callStart;
            _record.CallEndSample = end;
            _record.DurationMs = duration / SamplesPerMs;
            _record.ChargeUnits = TemporaryPasswordRecord.ChargeUnitsFor(duration);
            _record.SetStrikes(_strikes);
            _record.Password.CopyFrom(_first);
            _first.Clear();
            _confirm.Clear();
            try
            {
                return _listener.PasswordSet(_record);
            }
            finally
            {
                _record.Password.Clear();
            }
        }

        // ---- helpers ---------------------------------------------------------------------

        private void Decide(IvrDecision kind, int step)
        {
            _listener.Decision(kind, step, step >= 0 ? _strikes[step] : 0);
        }

        private void ArmTimer(long now, bool interDigit)
        {
            _timerArmed = true;
            _interDigit = interDigit;
            _timerStart = now;
        }

        private void StopIfPlaying()
        {
            if (!_playing) { return; }
            _playing = false;
            _listener.StopPlayback();
        }

        // Issue #13 item 9: the number as written (03-0000-1111), a pause at each hyphen; a number
        // without written groups is read as keyed.
        private int AppendNumber(string number, int n)
        {
            int first, second;
            bool grouped = NumberGroups.Split(number, out first, out second);
            for (int i = 0; i < number.Length; i++)
            {
                if (grouped && (i == first || i == first + second)) { _prompts[n++] = PromptId.GroupPause; }
                _prompts[n++] = (PromptId)((int)PromptId.Digit0 + (number[i] - '0'));
            }
            return n;
        }

        private void ClearNumber()
        {
            for (int i = 0; i < _number.Length; i++) { _number[i] = '\0'; }
            _numberLength = 0;
        }

        private void ClearBuffers()
        {
            ClearNumber();
            _first.Clear();
            _confirm.Clear();
            _record.Password.Clear();
        }

        private static bool IsInputState(IvrState state)
        {
            return state == IvrState.Menu || state == IvrState.NumberEntry
                || state == IvrState.PasswordEntry || state == IvrState.PasswordConfirm;
        }

        private static int StepOf(IvrState state)
        {
            switch (state)
            {
                case IvrState.Menu: return IvrStep.Menu;
                case IvrState.NumberEntry: return IvrStep.Number;
                case IvrState.PasswordEntry:
                case IvrState.PasswordConfirm: return IvrStep.Password;
                default: return IvrStep.None;
            }
        }
    }
}
