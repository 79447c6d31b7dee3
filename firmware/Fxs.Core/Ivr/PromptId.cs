namespace Fxs.Core.Ivr
{
    /// <summary>
    /// Every piece of guidance the IVR speaks, by ID: the IVR speaks in IDs, the prompt catalogue
    /// holds the words (the carrier guide's, word for word; rules TP-n of
    /// ../shared/spec/temp-password-service.md), and a board plays the audio recorded under the ID.
    /// A number read back is spoken as a sequence: its digits (<see cref="Digit0"/>..
    /// <see cref="Digit9"/>, one ID each) in their written groups with <see cref="GroupPause"/> at
    /// each hyphen (Line/NumberGroups.cs: 03-0000-1111), then the sentence that follows it.
    /// </summary>
    public enum PromptId
    {
        /// <summary>No prompt.</summary>
        None = 0,

        /// <summary>TP-7: the unit menu (1 line, 2 phone number, 3 admin/user).</summary>
        UnitMenu = 1,

        /// <summary>TP-8 (after the number read back): 「番の仮パスワードの設定を行います。設定したい仮パスワードを入力してください。」</summary>
        SetPasswordForNumber = 2,

        /// <summary>TP-9: 「仮パスワードを設定する電話番号を市外局番から入力し、最後に#を押してください。」</summary>
        EnterPhoneNumber = 3,

        /// <summary>TP-11: 「確認のためにもう一度仮パスワードを入力してください。」</summary>
        ConfirmPassword = 4,

        /// <summary>TP-12 (after the number read back): 「番の仮パスワードの設定が完了しました。ご利用ありがとうございました。」</summary>
        PasswordSet = 5,

        /// <summary>TP-13: 「入力された番号が正しくありません。もう一度押してください。」</summary>
        InvalidEntry = 6,

        /// <summary>TP-14 (product decision): the closing message after the third wrong entry of a step.</summary>
        TooManyErrors = 7,

        /// <summary>
        /// Issue #12 (product decision): the password could not be kept (disk full, outbox unusable),
        /// in place of the completion guidance: 「申し訳ございませんが、ただいま仮パスワードの設定ができません。しばらくたってから、おかけ直しください。」
        /// </summary>
        CannotSetNow = 8,

        /// <summary>
        /// Issue #13 item 9: the silence at a hyphen of a number read back (03-0000-1111), so that
        /// the caller hears the groups as written (<see cref="Prompts.PromptCatalogue.GroupPauseMs"/>).
        /// </summary>
        GroupPause = 9,

        /// <summary>Digit words for reading numbers back, 0-9 (IDs 10-19: Digit0 + digit).</summary>
        Digit0 = 10,
        /// <summary>"1".</summary>
        Digit1 = 11,
        /// <summary>"2", read with a long vowel: 「にー」.</summary>
        Digit2 = 12,
        /// <summary>"3".</summary>
        Digit3 = 13,
        /// <summary>"4".</summary>
        Digit4 = 14,
        /// <summary>"5", read with a long vowel: 「ごー」.</summary>
        Digit5 = 15,
        /// <summary>"6".</summary>
        Digit6 = 16,
        /// <summary>"7".</summary>
        Digit7 = 17,
        /// <summary>"8".</summary>
        Digit8 = 18,
        /// <summary>"9".</summary>
        Digit9 = 19,
    }
}
