namespace Fxs.Core.Line
{
    /// <summary>Where a number being dialed stands (<see cref="DialPlan.Check"/>).</summary>
    public enum DialResult
    {
        /// <summary>A number of known length, not all of it dialed yet. A timeout or '#' now is a partial dial (rejected).</summary>
        Incomplete = 0,

        /// <summary>A number of open length (local, international, carrier prefix): complete on the inter-digit timeout or '#', or more digits.</summary>
        OpenEnded = 1,

        /// <summary>The dial plan says the number is complete: route it now.</summary>
        Complete = 2,

        /// <summary>No number starts like this (or it is too long): rejected at once with the busy tone.</summary>
        Invalid = 3,
    }

    /// <summary>What kind of number the dial plan sees (transcripts; routing only distinguishes the access numbers).</summary>
    public enum NumberKind
    {
        /// <summary>Nothing recognisable yet.</summary>
        Unknown = 0,

        /// <summary>A fixed-line number from the area code, or 0120/0570/0990: 10 digits from 0.</summary>
        National10 = 1,

        /// <summary>020, 050 (IP phone), 060, 070/080/090 (mobile), 0800 (free dial): 11 digits from 0.</summary>
        National11 = 2,

        /// <summary>A 3-digit special number: 110, 117, 118, 119, 171, 177.</summary>
        Special = 3,

        /// <summary>International (010 …) or a carrier prefix (00XY …): open length.</summary>
        International = 4,

        /// <summary>A subscriber number without area code (from 2-9): open length, 8 digits at most.</summary>
        Local = 5,

        /// <summary>ひかり電話 #ダイヤル: '#' and 4 digits.</summary>
        HashDial = 6,
    }

    /// <summary>
    /// The Japanese dial plan of the port's call control (research/ivr-features.md, TP-3), on the
    /// digits dialed so far: digits 0-9, '#' only as the first key of a #ダイヤル number (a '#'
    /// after digits is the "send now" key and never reaches the plan). Portable, allocation-free.
    /// <list type="bullet">
    /// <item>From 0: 10 digits (area code + subscriber; 0120, 0570, 0990 too), except 020, 050,
    /// 060, 070, 080, 090 (0800 included) with 11 digits. The brief said 0800 has 10: it has 11
    /// (0800-xxx-xxxx), like 080 mobiles that share its prefix.</item>
    /// <item>010 (international) and 00 (carrier selection): open length, at most <see cref="MaxDigits"/>.</item>
    /// <item>From 1: the special numbers 110, 117, 118, 119, 171, 177 (complete at 3 digits); the
    /// caller-ID prefixes 184 (withhold) and 186 (send) followed by a number, judged by the rest;
    /// any other 1xx is invalid (104, 115 … are not offered by this gateway).</item>
    /// <item>From 2-9: a subscriber number without area code: open length, complete at 8 digits.</item>
    /// <item>'#' and 4 digits: #ダイヤル. '*' and A-D start nothing: invalid.</item>
    /// </list>
    /// </summary>
    public static class DialPlan
    {
        /// <summary>Most digits a number may have (prefixes included): 184 + 010 + E.164's 15 fits.</summary>
        public const int MaxDigits = 21;

        /// <summary>Longest subscriber number dialed without its area code.</summary>
        public const int MaxLocalDigits = 8;

        /// <summary>Judges the first <paramref name="length"/> keys of <paramref name="digits"/>.</summary>
        public static DialResult Check(char[] digits, int length)
        {
            int kind;
            return Judge(digits, 0, length, out kind);
        }

        /// <summary>The kind of number the first <paramref name="length"/> keys are (after a 184/186 prefix).</summary>
        public static NumberKind KindOf(char[] digits, int length)
        {
            int kind;
            Judge(digits, 0, length, out kind);
            return (NumberKind)kind;
        }

        private static DialResult Judge(char[] d, int at, int length, out int kind)
        {
            kind = (int)NumberKind.Unknown;
            int n = length - at;
            if (length > MaxDigits) { return DialResult.Invalid; }
            if (n <= 0) { return DialResult.Incomplete; }
            for (int i = at + 1; i < length; i++)
            {
                if (d[i] < '0' || d[i] > '9') { return DialResult.Invalid; }
            }
            char c0 = d[at];
            if (c0 == '#')
            {
                if (at > 0) { return DialResult.Invalid; }
                kind = (int)NumberKind.HashDial;
                return n < 5 ? DialResult.Incomplete : n == 5 ? DialResult.Complete : DialResult.Invalid;
            }
            if (c0 < '0' || c0 > '9') { return DialResult.Invalid; }
            if (c0 == '0') { return National(d, at, n, out kind); }
            if (c0 == '1') { return Special(d, at, length, out kind); }
            kind = (int)NumberKind.Local;
            return n < MaxLocalDigits ? DialResult.OpenEnded : n == MaxLocalDigits ? DialResult.Complete : DialResult.Invalid;
        }

        private static DialResult National(char[] d, int at, int n, out int kind)
        {
            kind = (int)NumberKind.Unknown;
            if (n < 2) { return DialResult.Incomplete; }
            char c1 = d[at + 1];
            if (c1 == '0')
            {
                kind = (int)NumberKind.International;
                return DialResult.OpenEnded;
            }
            if (n < 3) { return DialResult.Incomplete; }
            char c2 = d[at + 2];
            if (c1 == '1' && c2 == '0')
            {
                kind = (int)NumberKind.International;
                return DialResult.OpenEnded;
            }
            int total = 10;
            if (c2 == '0' && (c1 == '2' || c1 == '5' || c1 == '6' || c1 == '7' || c1 == '8' || c1 == '9')) { total = 11; }
            kind = total == 11 ? (int)NumberKind.National11 : (int)NumberKind.National10;
            return n < total ? DialResult.Incomplete : n == total ? DialResult.Complete : DialResult.Invalid;
        }

        private static DialResult Special(char[] d, int at, int length, out int kind)
        {
            kind = (int)NumberKind.Special;
            int n = length - at;
            char c1 = n > 1 ? d[at + 1] : '\0';
            char c2 = n > 2 ? d[at + 2] : '\0';
            if (at == 0 && c1 == '8' && (c2 == '4' || c2 == '6'))
            {
                // 184/186: the caller-ID prefix; the number follows.
                if (n == 3) { kind = (int)NumberKind.Unknown; return DialResult.Incomplete; }
                if (d[3] == '1' || d[3] == '#') { kind = (int)NumberKind.Unknown; return DialResult.Invalid; }
                return Judge(d, 3, length, out kind);
            }
            if (n == 1) { return DialResult.Incomplete; }
            if (n == 2) { return c1 == '1' || c1 == '7' || c1 == '8' ? DialResult.Incomplete : DialResult.Invalid; }
            if (n > 3) { return DialResult.Invalid; }
            bool special = (c1 == '1' && (c2 == '0' || c2 == '7' || c2 == '8' || c2 == '9'))
                || (c1 == '7' && (c2 == '1' || c2 == '7'));
            return special ? DialResult.Complete : DialResult.Invalid;
        }
    }
}
