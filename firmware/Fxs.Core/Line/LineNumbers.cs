using Fxs.Core.Ivr;

namespace Fxs.Core.Line
{
    /// <summary>
    /// The one rule for a number a line is configured with (TP-1, TP-2, TP-3): a complete Japanese
    /// subscriber number from the area code, as the port's own dial plan (<see cref="DialPlan"/>) would
    /// route it: 10 digits from 0, or 11 for 020/050/060/070/080/090; not international, not a
    /// special number, not an access number (TP-4). Every command, the daemon and the line file
    /// accept and refuse the same numbers with the same words; the backend's provisioning runs the
    /// same table of numbers (tests/shared/line-numbers.tsv). Not on the frame path: it may allocate.
    /// </summary>
    public static class LineNumbers
    {
        /// <summary>What a line number must be, in words (the "expected" of every error about one).</summary>
        public const string Expected = "a Japanese number from the area code, digits only (TP-3)";

        /// <summary>What a notify number must be (TP-2).</summary>
        public const string NotifyExpected = "a number of the line: the contract number or an additional number (TP-2)";

        /// <summary>What every number of a line must be among the others (TP-1).</summary>
        public const string DistinctExpected = "a number not already on the line (TP-1)";

        /// <summary>
        /// Null when <paramref name="number"/> is a number a line can have; else why not, worded to
        /// follow the number (<c>"12345" is too short for a Japanese number</c>).
        /// </summary>
        public static string? NumberFault(string number)
        {
            if (number == null || number.Length == 0) { return "is empty"; }
            for (int i = 0; i < number.Length; i++)
            {
                char c = number[i];
                if (c < '0' || c > '9') { return "is not digits only (write it from the area code, no '-' or '+81')"; }
            }
            if (number[0] != '0') { return "does not start with 0 (write it from the area code)"; }
            if (number.Length > DialPlan.MaxDigits) { return "is too long for a Japanese number"; }
            char[] digits = number.ToCharArray();
            for (int n = 1; n <= digits.Length; n++)
            {
                DialResult r = DialPlan.Check(digits, n);
                if (r == DialResult.Invalid) { return "is not a Japanese number"; }
                if (r == DialResult.OpenEnded) { return "is an international number, not a Japanese subscriber number"; }
                if (r == DialResult.Complete)
                {
                    if (n != digits.Length) { return "is too long for a Japanese number (" + n + " digits)"; }
                    NumberKind kind = DialPlan.KindOf(digits, n);
                    if (kind != NumberKind.National10 && kind != NumberKind.National11) { return "is not a Japanese subscriber number"; }
                    if (LineConfiguration.IsAccessNumber(number)) { return "is the temporary-password access number (TP-4)"; }
                    return null;
                }
            }
            return "is too short for a Japanese number";
        }
    }
}
