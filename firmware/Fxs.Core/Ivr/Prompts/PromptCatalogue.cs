using System;

namespace Fxs.Core.Ivr.Prompts
{
    /// <summary>
    /// The words behind every <see cref="PromptId"/>: the display text (for transcripts and logs;
    /// the carrier guide's guidance word for word, rules TP-7..TP-13 of
    /// ../shared/spec/temp-password-service.md), the kana reading given to the speech synthesizer
    /// (build target RenderPrompts, audio in prompts/ja/), and the audio file's name. A board plays
    /// the audio stored under the ID; a manufacturer may replace the rendered files with studio
    /// recordings of <see cref="Reading"/> under the same names.
    /// </summary>
    /// <remarks>
    /// <para>Readings are pronunciation kana, not orthography: the topic particle は is written わ,
    /// long vowels are written with ー where Japanese speech lengthens them (でんわばんごー,
    /// ありがとーございました), words are separated by spaces and clauses by 、 and 。 so the
    /// synthesizer phrases them.</para>
    /// <para># is read 「しゃーぷ」, as NTT's own guidance says it (「最後にシャープを押してください」);
    /// the menu keys 1/2/3 are read いち/に/さん.</para>
    /// <para>Digits are read back one prompt each (<see cref="DigitPrompt(int)"/>), in the groups
    /// the number is written in, with <see cref="PromptId.GroupPause"/> at each hyphen (issue #13
    /// item 9; Fxs.Core.Line.NumberGroups: 03-0000-1111 is 「ぜろさん、ぜろぜろぜろぜろ、いちいちいちいち」).
    /// 2 and 5 are read with long vowels, 「にー」 and 「ごー」, as Japanese speakers and IVRs read
    /// digits in a row: every digit word is then two morae (ぜろ, いち, にー, さん …), the rhythm is
    /// even, and 2 is not lost next to the digits around it (「に」 alone is one short mora). 0 is read
    /// 「ぜろ」, not 「れい」: Japanese callers say phone numbers that way (03 is 「ぜろさん」,
    /// 0120 「ぜろいちにーぜろ」), so the read-back sounds like the number they keyed; 「れい」 is
    /// the formal reading of written numerals (amounts, dates, times) and is rarer on the phone,
    /// and 「ぜろ」 with its voiced z is unlike every other digit word.</para>
    /// <para>Portable: string constants and switches only (nanoFramework).</para>
    /// </remarks>
    public static class PromptCatalogue
    {
        /// <summary>Language of the texts and of the rendered audio folder (prompts/ja/).</summary>
        public const string Language = "ja";

        /// <summary>Number of prompts in the catalogue (every <see cref="PromptId"/> except None).</summary>
        public const int Count = 19;

        /// <summary>
        /// Length of <see cref="PromptId.GroupPause"/>, ms. Each digit's audio has 100 ms of margin
        /// before and after its word (prompts/README.md), so digits in a group follow each other
        /// 200 ms apart and a hyphen leaves 100 + 400 + 100 = 600 ms: three times the gap inside a
        /// group and about one digit word's length, so the hyphen is heard as a skipped beat, the
        /// way a person reads 「ぜろさん、ぜろぜろぜろぜろ」. Not much longer: at a second or so a
        /// caller takes the pause for the end of the number (and an elderly caller may start keying).
        /// </summary>
        public const int GroupPauseMs = 400;

        /// <summary>What a transcript shows for <see cref="PromptId.GroupPause"/>: the hyphen it stands for.</summary>
        public const string GroupPauseText = "-";

        /// <summary>
        /// The narrator's script for <see cref="PromptId.GroupPause"/>: a pause, 「、」. The render step
        /// writes <see cref="GroupPauseMs"/> of silence for it (no synthesizer).
        /// </summary>
        public const string GroupPauseReading = "、";

        // ---- Display texts: the guide's guidance, word for word (as quoted by the spec digest) ----

        /// <summary>TP-7: the unit menu.</summary>
        public const string UnitMenuText =
            "仮パスワードの設定を行います。仮パスワードを設定する単位を選択します。回線単位に設定する場合は1、" +
            "電話番号単位に設定する場合は2、管理者／ユーザ単位に設定する場合は3を入力してください。";

        /// <summary>TP-8, the part after the number read back.</summary>
        public const string SetPasswordForNumberText = "番の仮パスワードの設定を行います。設定したい仮パスワードを入力してください。";

        /// <summary>TP-9: asks for the phone number.</summary>
        public const string EnterPhoneNumberText = "仮パスワードを設定する電話番号を市外局番から入力し、最後に#を押してください。";

        /// <summary>TP-11: asks for the password again.</summary>
        public const string ConfirmPasswordText = "確認のためにもう一度仮パスワードを入力してください。";

        /// <summary>TP-12, the part after the number read back.</summary>
        public const string PasswordSetText = "番の仮パスワードの設定が完了しました。ご利用ありがとうございました。";

        /// <summary>
        /// TP-13: any invalid entry. The guide prints this four times; once (page 5) with the typo
        /// 「押ししてください」, which we do not copy: the spec digest and the other three have 「押してください」.
        /// </summary>
        public const string InvalidEntryText = "入力された番号が正しくありません。もう一度押してください。";

        /// <summary>
        /// TP-14 (product decision): after the third wrong entry of a step. OUR sentence, not the
        /// guide's (the guide only tells the reader to hang up and start again from dialing): a short
        /// polite request to hang up and call again.
        /// </summary>
        public const string TooManyErrorsText = "恐れ入りますが、一度電話をお切りになり、おかけ直しください。";

        /// <summary>
        /// Issue #12 (product decision): the password could not be kept (disk full, outbox unusable),
        /// said in place of the completion guidance. OUR sentence, in the guide's polite register and
        /// words (仮パスワードの設定, おかけ直しください as in <see cref="TooManyErrorsText"/>): it
        /// says that nothing was set, that it is not the caller's fault, and what to do.
        /// </summary>
        public const string CannotSetNowText = "申し訳ございませんが、ただいま仮パスワードの設定ができません。しばらくたってから、おかけ直しください。";

        // ---- Kana readings for the speech synthesizer ----

        /// <summary>Reading of <see cref="UnitMenuText"/>.</summary>
        public const string UnitMenuReading =
            "かりぱすわーどの せっていを おこないます。かりぱすわーどを せっていする たんいを せんたくします。" +
            "かいせんたんいに せっていする ばあいわ いち、でんわばんごーたんいに せっていする ばあいわ に、" +
            "かんりしゃ ゆーざーたんいに せっていする ばあいわ さんを にゅーりょくしてください。";

        /// <summary>Reading of <see cref="SetPasswordForNumberText"/>.</summary>
        public const string SetPasswordForNumberReading =
            "ばんの かりぱすわーどの せっていを おこないます。せっていしたい かりぱすわーどを にゅーりょくしてください。";

        /// <summary>Reading of <see cref="EnterPhoneNumberText"/>.</summary>
        public const string EnterPhoneNumberReading =
            "かりぱすわーどを せっていする でんわばんごーを しがいきょくばんから にゅーりょくし、さいごに しゃーぷを おしてください。";

        /// <summary>Reading of <see cref="ConfirmPasswordText"/>.</summary>
        public const string ConfirmPasswordReading = "かくにんのために もーいちど かりぱすわーどを にゅーりょくしてください。";

        /// <summary>Reading of <see cref="PasswordSetText"/>.</summary>
        public const string PasswordSetReading =
            "ばんの かりぱすわーどの せっていが かんりょーしました。ごりよー ありがとーございました。";

        /// <summary>Reading of <see cref="InvalidEntryText"/>.</summary>
        public const string InvalidEntryReading = "にゅーりょくされた ばんごーが ただしくありません。もーいちど おしてください。";

        /// <summary>Reading of <see cref="TooManyErrorsText"/>.</summary>
        public const string TooManyErrorsReading = "おそれいりますが、いちど でんわを おきりになり、おかけなおしください。";

        /// <summary>Reading of <see cref="CannotSetNowText"/>.</summary>
        public const string CannotSetNowReading =
            "もーしわけ ございませんが、ただいま かりぱすわーどの せっていが できません。しばらく たってから、おかけなおしください。";

        /// <summary>The prompt at <paramref name="index"/> (0 .. <see cref="Count"/> - 1), in ID order.</summary>
        public static PromptId At(int index)
        {
            if (index < 0 || index >= Count) { throw new ArgumentOutOfRangeException(nameof(index)); }
            return (PromptId)(index + 1); // the IDs are 1 .. Count, without a gap
        }

        /// <summary>The prompt that reads <paramref name="digit"/> (0-9) back.</summary>
        public static PromptId DigitPrompt(int digit)
        {
            if (digit < 0 || digit > 9) { throw new ArgumentOutOfRangeException(nameof(digit)); }
            return (PromptId)((int)PromptId.Digit0 + digit);
        }

        /// <summary>The prompt that reads the key '0'..'9' back; <see cref="PromptId.None"/> for any other character.</summary>
        public static PromptId DigitPrompt(char key)
        {
            if (key < '0' || key > '9') { return PromptId.None; }
            return (PromptId)((int)PromptId.Digit0 + (key - '0'));
        }

        /// <summary>The ID's name as written in <see cref="PromptId"/> (nanoFramework has no enum names at run time); null for None or an unknown value.</summary>
        public static string? Name(PromptId id)
        {
            switch (id)
            {
                case PromptId.UnitMenu: return "UnitMenu";
                case PromptId.SetPasswordForNumber: return "SetPasswordForNumber";
                case PromptId.EnterPhoneNumber: return "EnterPhoneNumber";
                case PromptId.ConfirmPassword: return "ConfirmPassword";
                case PromptId.PasswordSet: return "PasswordSet";
                case PromptId.InvalidEntry: return "InvalidEntry";
                case PromptId.TooManyErrors: return "TooManyErrors";
                case PromptId.CannotSetNow: return "CannotSetNow";
                case PromptId.GroupPause: return "GroupPause";
                case PromptId.Digit0: return "Digit0";
                case PromptId.Digit1: return "Digit1";
                case PromptId.Digit2: return "Digit2";
                case PromptId.Digit3: return "Digit3";
                case PromptId.Digit4: return "Digit4";
                case PromptId.Digit5: return "Digit5";
                case PromptId.Digit6: return "Digit6";
                case PromptId.Digit7: return "Digit7";
                case PromptId.Digit8: return "Digit8";
                case PromptId.Digit9: return "Digit9";
                default: return null;
            }
        }

        /// <summary>The display text (transcripts): the guide's words; a digit as "0".."9", a group pause as "-". Null for None or an unknown value.</summary>
        public static string? Text(PromptId id)
        {
            switch (id)
            {
                case PromptId.UnitMenu: return UnitMenuText;
                case PromptId.SetPasswordForNumber: return SetPasswordForNumberText;
                case PromptId.EnterPhoneNumber: return EnterPhoneNumberText;
                case PromptId.ConfirmPassword: return ConfirmPasswordText;
                case PromptId.PasswordSet: return PasswordSetText;
                case PromptId.InvalidEntry: return InvalidEntryText;
                case PromptId.TooManyErrors: return TooManyErrorsText;
                case PromptId.CannotSetNow: return CannotSetNowText;
                case PromptId.GroupPause: return GroupPauseText;
                case PromptId.Digit0: return "0";
                case PromptId.Digit1: return "1";
                case PromptId.Digit2: return "2";
                case PromptId.Digit3: return "3";
                case PromptId.Digit4: return "4";
                case PromptId.Digit5: return "5";
                case PromptId.Digit6: return "6";
                case PromptId.Digit7: return "7";
                case PromptId.Digit8: return "8";
                case PromptId.Digit9: return "9";
                default: return null;
            }
        }

        /// <summary>The kana reading the audio was rendered from (and a narrator reads). Null for None or an unknown value.</summary>
        public static string? Reading(PromptId id)
        {
            switch (id)
            {
                case PromptId.UnitMenu: return UnitMenuReading;
                case PromptId.SetPasswordForNumber: return SetPasswordForNumberReading;
                case PromptId.EnterPhoneNumber: return EnterPhoneNumberReading;
                case PromptId.ConfirmPassword: return ConfirmPasswordReading;
                case PromptId.PasswordSet: return PasswordSetReading;
                case PromptId.InvalidEntry: return InvalidEntryReading;
                case PromptId.TooManyErrors: return TooManyErrorsReading;
                case PromptId.CannotSetNow: return CannotSetNowReading;
                case PromptId.GroupPause: return GroupPauseReading;
                case PromptId.Digit0: return "ぜろ";
                case PromptId.Digit1: return "いち";
                case PromptId.Digit2: return "にー";
                case PromptId.Digit3: return "さん";
                case PromptId.Digit4: return "よん";
                case PromptId.Digit5: return "ごー";
                case PromptId.Digit6: return "ろく";
                case PromptId.Digit7: return "なな";
                case PromptId.Digit8: return "はち";
                case PromptId.Digit9: return "きゅう";
                default: return null;
            }
        }

        /// <summary>
        /// The audio file's name in the language folder (prompts/ja/): two-digit ID, '-', name, ".wav",
        /// e.g. "01-UnitMenu.wav", "10-Digit0.wav". Null for None or an unknown value.
        /// </summary>
        public static string? FileName(PromptId id)
        {
            string? name = Name(id);
            if (name == null) { return null; }
            int n = (int)id;
            return (n < 10 ? "0" : "") + n.ToString() + "-" + name + ".wav";
        }
    }
}
