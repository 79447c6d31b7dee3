using System;
using System.Collections.Generic;
using System.Text;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>
    /// Drives a <see cref="TemporaryPasswordIvr"/> as call control and a board would: a sample
    /// clock advanced in 10 ms frames (a <see cref="TemporaryPasswordIvr.Tick"/> each), prompts
    /// that finish after their would-be duration, keys with timestamps. It is the listener too,
    /// and records what the IVR did. With <c>log: false</c> it records counters only and
    /// allocates nothing per event (for the allocation test).
    /// </summary>
    internal sealed class IvrDriver : IIvrListener
    {
        public const string Contract = "0300001111";
        public const string Extra1 = "0300002222";
        public const string Extra2 = "0300003333";

        // The same numbers as written, and read back (issue #13 item 9): a pause at each hyphen.
        public const string ContractWritten = "03-0000-1111";
        public const string Extra1Written = "03-0000-2222";
        public const string Extra2Written = "03-0000-3333";
        public const string Access = LineConfiguration.EastAccessNumber;
        public const int FrameSamples = 80;

        private readonly bool _log;

        public IvrDriver(string notify = Contract, bool log = true, string contract = Contract)
        {
            _log = log;
            Ivr = new TemporaryPasswordIvr(Line(notify == Contract ? contract : notify, contract), this);
        }

        public static LineConfiguration Line(string notify, string contract = Contract)
        {
            return new LineConfiguration(contract, new[] { Extra1, Extra2 }, notify, ServiceArea.East);
        }

        public TemporaryPasswordIvr Ivr { get; }

        /// <summary>Line time, samples.</summary>
        public long Now { get; set; }

        /// <summary>Finish prompts after their duration while time advances.</summary>
        public bool AutoFinish { get; set; } = true;

        /// <summary>Multiplies every prompt's duration (percent).</summary>
        public int PromptSpeedPercent { get; set; } = 100;

        // What the IVR asked and reported.
        public readonly List<string> Events = new List<string>();
        public readonly List<IvrDecision> Decisions = new List<IvrDecision>();
        public readonly PromptId[] Sequence = new PromptId[64];
        public int SequenceCount;
        public bool Playing;
        public long PlayEnd;
        public long LastPromptFinishedAt = -1;
        public int Plays, Stops, BusyTones, DecisionCount, Sets, EndedCount;
        public IvrOutcome Outcome;
        public int MaxStrikesReported;

        // The record, as the relay would have taken it during PasswordSet.
        public readonly byte[] Password = new byte[16];
        public int PasswordLength;
        public string? PasswordToString;
        public PasswordUnit SetUnit;
        public string? SetTarget, SetNotify, SetAccess;
        public long SetStart, SetEnd, SetDurationMs;
        public int SetChargeUnits;
        public readonly int[] SetStrikes = new int[IvrStep.Count];

        public string PasswordText { get { return Encoding.ASCII.GetString(Password, 0, PasswordLength); } }

        public PromptId[] LastSequence()
        {
            var s = new PromptId[SequenceCount];
            Array.Copy(Sequence, s, SequenceCount);
            return s;
        }

        public void Start() { Ivr.Start(Now, Access); }

        public void HangUp() { Ivr.OnHook(Now); }

        public void Key(char c, DigitSource source = DigitSource.Dtmf) { Ivr.Digit(c, source, Now); }

        /// <summary>Keys each char then lets <paramref name="gapMs"/> pass (after the last one too).</summary>
        public void Keys(string keys, int gapMs = 300, DigitSource source = DigitSource.Dtmf)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                Ivr.Digit(keys[i], source, Now);
                Advance(gapMs);
            }
        }

        /// <summary>Lets time pass in 10 ms frames (the last frame shorter if need be).</summary>
        public void Advance(long ms) { AdvanceSamples(ms * 8); }

        public void AdvanceSamples(long samples)
        {
            long end = Now + samples;
            while (Now < end)
            {
                long step = end - Now < FrameSamples ? end - Now : FrameSamples;
                Now += step;
                if (AutoFinish && Playing && Now >= PlayEnd)
                {
                    Playing = false;
                    LastPromptFinishedAt = Now;
                    Ivr.PromptFinished(Now);
                }
                Ivr.Tick(Now);
            }
        }

        /// <summary>Lets time pass until the sequence playing has finished (at most 2 minutes).</summary>
        public void WaitForPrompt()
        {
            for (int i = 0; i < 12000 && Playing; i++) { AdvanceSamples(FrameSamples); }
            if (Playing) { throw new InvalidOperationException("prompt never finished"); }
        }

        /// <summary>Ends the sequence playing now (a board that reports promptly).</summary>
        public void FinishPromptNow()
        {
            if (!Playing) { return; }
            Playing = false;
            LastPromptFinishedAt = Now;
            Ivr.PromptFinished(Now);
        }

        public static long DurationMs(PromptId id)
        {
            switch (id)
            {
                case PromptId.UnitMenu: return 14000;
                case PromptId.SetPasswordForNumber: return 5000;
                case PromptId.EnterPhoneNumber: return 6000;
                case PromptId.ConfirmPassword: return 3500;
                case PromptId.PasswordSet: return 4500;
                case PromptId.InvalidEntry: return 4000;
                case PromptId.TooManyErrors: return 6000;
                case PromptId.CannotSetNow: return 9000;
                default: return 400; // a digit read back
            }
        }

        // ---- IIvrListener ----

        public void Play(PromptId[] sequence, int count)
        {
            Plays++;
            long ms = 0;
            for (int i = 0; i < count; i++)
            {
                Sequence[i] = sequence[i];
                ms += DurationMs(sequence[i]);
            }
            SequenceCount = count;
            Playing = true;
            PlayEnd = Now + ms * 8 * PromptSpeedPercent / 100;
            if (_log) { Events.Add("Play " + string.Join(",", LastSequence())); }
        }

        public void StopPlayback()
        {
            Stops++;
            Playing = false;
            if (_log) { Events.Add("Stop"); }
        }

        public void PlayBusyTone()
        {
            BusyTones++;
            if (_log) { Events.Add("Busy"); }
        }

        public void Decision(IvrDecision kind, int step, int strikes)
        {
            DecisionCount++;
            if (strikes > MaxStrikesReported) { MaxStrikesReported = strikes; }
            if (_log)
            {
                Decisions.Add(kind);
                Events.Add("Decision " + kind + " " + step + " " + strikes);
            }
        }

        /// <summary>What <see cref="PasswordSet"/> answers: the sink made the record durable (false: a full disk, issue #12).</summary>
        public bool Durable { get; set; } = true;

        public bool PasswordSet(TemporaryPasswordRecord record)
        {
            Sets++;
            PasswordLength = record.Password.CopyTo(Password);
            PasswordToString = record.Password.ToString();
            SetUnit = record.Unit;
            SetTarget = record.TargetNumber;
            SetNotify = record.NotifyNumber;
            SetAccess = record.AccessNumberDialed;
            SetStart = record.CallStartSample;
            SetEnd = record.CallEndSample;
            SetDurationMs = record.DurationMs;
            SetChargeUnits = record.ChargeUnits;
            for (int i = 0; i < IvrStep.Count; i++) { SetStrikes[i] = record.StrikesIn(i); }
            if (_log) { Events.Add("Set"); }
            return Durable;
        }

        public void Ended(IvrOutcome outcome)
        {
            EndedCount++;
            Outcome = outcome;
            if (_log) { Events.Add("Ended " + outcome); }
        }

        // ---- scripted steps ----

        /// <summary>
        /// The prompts reading the number <paramref name="written"/> back (digits, and '-' where the
        /// written number has a hyphen: a group pause), then <paramref name="sentence"/>.
        /// </summary>
        public static PromptId[] ReadBack(string written, PromptId sentence, bool afterInvalid = false)
        {
            var list = new List<PromptId>();
            if (afterInvalid) { list.Add(PromptId.InvalidEntry); }
            foreach (char c in written) { list.Add(c == '-' ? PromptId.GroupPause : PromptId.Digit0 + (c - '0')); }
            list.Add(sentence);
            return list.ToArray();
        }

        /// <summary>Starts a call and waits for the menu to finish.</summary>
        public void StartAndHearMenu()
        {
            Start();
            WaitForPrompt();
        }

        /// <summary>A whole call without mistakes: menu key, number if asked, password twice, completion.</summary>
        public void GoodCall(char unit, string? number, string password)
        {
            StartAndHearMenu();
            Keys(unit.ToString());
            WaitForPrompt();
            if (number != null)
            {
                Keys(number + "#");
                WaitForPrompt();
            }
            Keys(password);
            WaitForPrompt();
            Keys(password);
            WaitForPrompt();
        }
    }
}
