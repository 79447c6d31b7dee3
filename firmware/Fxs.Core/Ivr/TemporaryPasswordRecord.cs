using System;
using Fxs.Hal;

namespace Fxs.Core.Ivr
{
    /// <summary>
    /// The result of a call that set a temporary password (TP-11, TP-12), as the relay seals and
    /// sends it: for which number and unit, from which port, through which access number, when,
    /// for how long and how many 3-minute charge units (TP-6), how many wrong entries, and the
    /// password in a <see cref="SecretDigits"/>. One instance per IVR, refilled per call and
    /// valid only during <see cref="IIvrListener.PasswordSet"/>; its password is cleared right
    /// after. Times are line samples (8 kHz).
    /// </summary>
    public sealed class TemporaryPasswordRecord
    {
        /// <summary>Samples per 3-minute charge unit (TP-6): 180 s at 8 kHz.</summary>
        public const long ChargeUnitSamples = 180L * LineTime.SampleRateHz;

        private readonly int[] _strikes = new int[IvrStep.Count];

        internal TemporaryPasswordRecord()
        {
            Password = new SecretDigits(TemporaryPasswordIvr.PasswordDigits);
            TargetNumber = string.Empty;
            NotifyNumber = string.Empty;
            AccessNumberDialed = string.Empty;
        }

        /// <summary>The unit chosen in the menu (TP-7): 1 line, 2 phone number, 3 admin/user.</summary>
        public PasswordUnit Unit { get; internal set; }

        /// <summary>The number the password is set for (digits only, TP-3): the contract number (TP-8), the number keyed (TP-9) or the notify number (TP-10).</summary>
        public string TargetNumber { get; internal set; }

        /// <summary>The notify number of the port the call came from (TP-2).</summary>
        public string NotifyNumber { get; internal set; }

        /// <summary>The access number the user dialed (TP-4), as call control handed it over.</summary>
        public string AccessNumberDialed { get; internal set; }

        /// <summary>When the IVR answered (<see cref="TemporaryPasswordIvr.Start"/>), line samples.</summary>
        public long CallStartSample { get; internal set; }

        /// <summary>When the call ended for billing (TP-6): the confirmation's last key, which set the password (the completion guidance after it is not charged), line samples.</summary>
        public long CallEndSample { get; internal set; }

        /// <summary>Call duration, milliseconds (rounded down).</summary>
        public long DurationMs { get; internal set; }

        /// <summary>TP-6: 3-minute charge units started (at least 1; exactly 3:00.0 is 1 unit, 3:00.1 is 2).</summary>
        public int ChargeUnits { get; internal set; }

        /// <summary>The temporary password (8 digits): copy it out or seal it during <see cref="IIvrListener.PasswordSet"/>.</summary>
        public SecretDigits Password { get; private set; }

        /// <summary>Wrong entries counted in a step (<see cref="IvrStep"/>) before it was passed (0-2).</summary>
        public int StrikesIn(int step)
        {
            if (step < 0 || step >= IvrStep.Count) { throw new ArgumentOutOfRangeException(nameof(step)); }
            return _strikes[step];
        }

        /// <summary>TP-6: 3-minute units started by a call of <paramref name="durationSamples"/> (at least 1).</summary>
        public static int ChargeUnitsFor(long durationSamples)
        {
            if (durationSamples <= 0) { return 1; }
            return (int)(1 + (durationSamples - 1) / ChargeUnitSamples);
        }

        internal void SetStrikes(int[] strikes)
        {
            for (int i = 0; i < IvrStep.Count; i++) { _strikes[i] = strikes[i]; }
        }
    }
}
