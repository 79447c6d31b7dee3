using System;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;

namespace Fxs.Host.Sim
{
    /// <summary>
    /// The `sim` board's stand-in for the relay (issue #4 seals and sends): it copies each record's
    /// fields, and the password's digits into a buffer of its own so that tests can check them.
    /// That copy is a test affordance, not a pattern: it is held in plain bytes, overwritten by the
    /// next record and zeroed by <see cref="Clear"/>; nothing here logs, prints or formats the digits
    /// (<see cref="ToString"/> does not show them). A device's relay seals the digits during
    /// <see cref="Accept"/> and keeps no plaintext. Allocation-free.
    /// </summary>
    public sealed class SimPasswordSink : ITemporaryPasswordSink
    {
        private readonly byte[] _password = new byte[TemporaryPasswordIvr.PasswordDigits];
        private readonly int[] _strikes = new int[IvrStep.Count];
        private int _passwordLength;

        /// <summary>Records taken.</summary>
        public int Count { get; private set; }

        /// <summary>Fields of the last record (empty strings before the first).</summary>
        public PasswordUnit Unit { get; private set; }

        /// <summary>The number the last password was set for.</summary>
        public string TargetNumber { get; private set; } = string.Empty;

        /// <summary>The notify number of the port.</summary>
        public string NotifyNumber { get; private set; } = string.Empty;

        /// <summary>The access number dialed.</summary>
        public string AccessNumberDialed { get; private set; } = string.Empty;

        /// <summary>Call start, line samples.</summary>
        public long CallStartSample { get; private set; }

        /// <summary>Call end for billing (the match), line samples.</summary>
        public long CallEndSample { get; private set; }

        /// <summary>Duration, ms.</summary>
        public long DurationMs { get; private set; }

        /// <summary>TP-6 charge units.</summary>
        public int ChargeUnits { get; private set; }

        /// <summary>Wrong entries per step (<see cref="IvrStep"/>) in the last record.</summary>
        public int StrikesIn(int step) { return _strikes[step]; }

        /// <summary>Tests only: copies the last password's digits (ASCII) into <paramref name="destination"/>; returns how many.</summary>
        public int CopyPasswordForTest(byte[] destination)
        {
            Array.Copy(_password, destination, _passwordLength);
            return _passwordLength;
        }

        /// <summary>Zeroes the copied digits.</summary>
        public void Clear()
        {
            Array.Clear(_password, 0, _password.Length);
            _passwordLength = 0;
        }

        /// <summary>Keeps the record in memory (the sim has no disk to fill): always true.</summary>
        public bool Accept(TemporaryPasswordRecord record)
        {
            Clear();
            _passwordLength = record.Password.CopyTo(_password);
            Unit = record.Unit;
            TargetNumber = record.TargetNumber;
            NotifyNumber = record.NotifyNumber;
            AccessNumberDialed = record.AccessNumberDialed;
            CallStartSample = record.CallStartSample;
            CallEndSample = record.CallEndSample;
            DurationMs = record.DurationMs;
            ChargeUnits = record.ChargeUnits;
            for (int i = 0; i < IvrStep.Count; i++) { _strikes[i] = record.StrikesIn(i); }
            Count++;
            return true;
        }

        /// <summary>Never the digits.</summary>
        public override string ToString() { return "SimPasswordSink: " + Count + " record(s), digits " + SecretDigits.Masked; }
    }
}
