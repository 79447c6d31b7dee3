namespace Fxs.Core.Ivr
{
    /// <summary>
    /// What the IVR decided, for transcripts and tests (<see cref="IIvrListener.Decision"/>).
    /// Never carries a digit of the password.
    /// </summary>
    public enum IvrDecision
    {
        /// <summary>Nothing.</summary>
        None = 0,

        /// <summary>TP-7/TP-8: key 1, line unit.</summary>
        UnitLine = 1,

        /// <summary>TP-7/TP-9: key 2, phone-number unit.</summary>
        UnitPhoneNumber = 2,

        /// <summary>TP-7/TP-10: key 3, admin/user unit.</summary>
        UnitAdminUser = 3,

        /// <summary>TP-13 (product decision): a menu key other than 1, 2, 3 — a wrong entry.</summary>
        InvalidMenuKey = 4,

        /// <summary>TP-10: the notify number is an additional number; the number step is skipped and the password is set for it.</summary>
        NotifyNumberUsed = 5,

        /// <summary>TP-9: the number keyed is the contract number or an additional number of the line.</summary>
        NumberAccepted = 6,

        /// <summary>TP-9/TP-13: a well-formed number that is not a number of this line — a wrong entry.</summary>
        NumberNotOnLine = 7,

        /// <summary>TP-13: '#' with no digit, a key other than 0-9 and '#', or more than <see cref="Line.LineConfiguration.MaxNumberDigits"/> digits — a wrong entry.</summary>
        NumberMalformed = 8,

        /// <summary>Rotary phone: the 5 s pause after at least <see cref="TemporaryPasswordIvr.PulseNumberMinDigits"/> dial-pulse digits ended the number in place of '#'.</summary>
        PulseNumberEnded = 9,

        /// <summary>TP-11: the first entry's 8th digit; the confirmation is asked for.</summary>
        PasswordFirstEntered = 10,

        /// <summary>TP-11/TP-12: the confirmation matches: the password is set (<see cref="IIvrListener.PasswordSet"/> follows at once, before the completion guidance).</summary>
        PasswordConfirmed = 11,

        /// <summary>TP-11/TP-13: a key other than 0-9 before the 8th digit — a wrong entry.</summary>
        PasswordMalformed = 12,

        /// <summary>TP-13/TP-14: the confirmation differs — a wrong entry; the password step restarts from its first entry.</summary>
        PasswordMismatch = 13,

        /// <summary>TP-15: no key within 10 s of the end of the guidance — a wrong entry; the guidance is replayed.</summary>
        FirstDigitTimeout = 14,

        /// <summary>TP-15: more than 5 s between keys of an unfinished entry — a wrong entry; the guidance is replayed.</summary>
        InterDigitTimeout = 15,

        /// <summary>TP-15: a key during guidance stopped it; the key is taken as the entry's first.</summary>
        BargeIn = 16,

        /// <summary>A '#' keyed while the guidance that follows a completed entry plays, before any other key: the habit of ending an entry with '#'; ignored.</summary>
        TerminatorIgnored = 17,

        /// <summary>TP-14: the third wrong entry of the step; the closing message and the busy tone follow.</summary>
        TooManyErrors = 18,

        /// <summary>TP-15: on-hook before the password was set; nothing is relayed.</summary>
        Abandoned = 19,

        /// <summary>
        /// Issue #12: the confirmation matched but the sink could not make the record durable (disk
        /// full, outbox unusable): the password is NOT set; <see cref="PromptId.CannotSetNow"/> plays,
        /// then the busy tone, outcome <see cref="IvrOutcome.Failed"/>.
        /// </summary>
        NotStored = 20,
    }
}
