using System;

namespace Fxs.Core.Line
{
    /// <summary>The carrier's service areas, each with its access number (TP-4).</summary>
    public enum ServiceArea
    {
        /// <summary>NTT East area: access number 03-6304-4747.</summary>
        East = 0,

        /// <summary>NTT West area: access number 06-6480-6430.</summary>
        West = 1,
    }

    /// <summary>
    /// What the IVR knows of its line and port (TP-1, TP-2, TP-4): the contract number, the
    /// additional numbers, the port's notify number and the service area. Numbers are digits only,
    /// from the area code (TP-3), 1-<see cref="MaxNumberDigits"/> digits.
    /// Immutable; validated and copied once at construction.
    /// </summary>
    public sealed class LineConfiguration
    {
        /// <summary>Longest number accepted, digits (E.164's limit, above every national number, TP-3).</summary>
        public const int MaxNumberDigits = 15;

        /// <summary>TP-4: the East area's access number.</summary>
        public const string EastAccessNumber = "0363044747";

        /// <summary>TP-4: the West area's access number.</summary>
        public const string WestAccessNumber = "0664806430";

        private readonly string[] _additional;

        /// <summary>
        /// Checks and keeps the line's numbers. <paramref name="additionalNumbers"/> may be null or
        /// empty (TP-1: zero or more); <paramref name="notifyNumber"/> must be the contract number or
        /// one of them (TP-2). Throws <see cref="ArgumentException"/> on a malformed or duplicate number.
        /// </summary>
        public LineConfiguration(string contractNumber, string[]? additionalNumbers, string notifyNumber, ServiceArea area)
        {
            CheckNumber(contractNumber, nameof(contractNumber));
            CheckNumber(notifyNumber, nameof(notifyNumber));
            int count = additionalNumbers == null ? 0 : additionalNumbers.Length;
            _additional = new string[count];
            for (int i = 0; i < count; i++)
            {
                string n = additionalNumbers![i];
                CheckNumber(n, nameof(additionalNumbers));
                if (n == contractNumber) { throw new ArgumentException("an additional number repeats the contract number", nameof(additionalNumbers)); }
                for (int j = 0; j < i; j++)
                {
                    if (_additional[j] == n) { throw new ArgumentException("an additional number is listed twice", nameof(additionalNumbers)); }
                }
                _additional[i] = n;
            }
            ContractNumber = contractNumber;
            Area = area;
            if (notifyNumber == contractNumber)
            {
                NotifyNumber = contractNumber;
                NotifyIsContract = true;
            }
            else
            {
                string? found = null;
                for (int i = 0; i < count; i++) { if (_additional[i] == notifyNumber) { found = _additional[i]; } }
                if (found == null) { throw new ArgumentException("the notify number is not a number of the line (TP-2)", nameof(notifyNumber)); }
                NotifyNumber = found;
            }
        }

        /// <summary>TP-1: the line's contract number.</summary>
        public string ContractNumber { get; private set; }

        /// <summary>TP-2: the number this port calls with (the contract number or an additional number).</summary>
        public string NotifyNumber { get; private set; }

        /// <summary>TP-10: true when the notify number is the contract number (admin), false when it is an additional number (user).</summary>
        public bool NotifyIsContract { get; private set; }

        /// <summary>TP-4: the area the gateway is configured for.</summary>
        public ServiceArea Area { get; private set; }

        /// <summary>TP-4: the access number of the configured area.</summary>
        public string AccessNumber { get { return Area == ServiceArea.West ? WestAccessNumber : EastAccessNumber; } }

        /// <summary>TP-1: how many additional numbers the line has.</summary>
        public int AdditionalCount { get { return _additional.Length; } }

        /// <summary>TP-1: additional number <paramref name="index"/>.</summary>
        public string AdditionalNumber(int index) { return _additional[index]; }

        /// <summary>
        /// TP-4 (product decision): true for either area's access number, so the local IVR answers
        /// both; digits only, as dialed.
        /// </summary>
        public static bool IsAccessNumber(string dialed)
        {
            return dialed == EastAccessNumber || dialed == WestAccessNumber;
        }

        /// <summary>
        /// TP-9: the line's number equal to the first <paramref name="length"/> chars of
        /// <paramref name="digits"/> (the contract number or an additional number), or null.
        /// Compares in place; allocates nothing.
        /// </summary>
        public string? FindNumber(char[] digits, int length)
        {
            if (Matches(ContractNumber, digits, length)) { return ContractNumber; }
            for (int i = 0; i < _additional.Length; i++)
            {
                if (Matches(_additional[i], digits, length)) { return _additional[i]; }
            }
            return null;
        }

        private static bool Matches(string number, char[] digits, int length)
        {
            if (number.Length != length) { return false; }
            for (int i = 0; i < length; i++) { if (number[i] != digits[i]) { return false; } }
            return true;
        }

        private static void CheckNumber(string number, string parameter)
        {
            if (number == null) { throw new ArgumentNullException(parameter); }
            if (number.Length < 1 || number.Length > MaxNumberDigits)
            {
                throw new ArgumentException("a number has 1 to 15 digits (TP-3)", parameter);
            }
            for (int i = 0; i < number.Length; i++)
            {
                if (number[i] < '0' || number[i] > '9') { throw new ArgumentException("a number is digits only (TP-3)", parameter); }
            }
        }
    }
}
