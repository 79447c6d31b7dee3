namespace Fxs.Core.Line
{
    /// <summary>
    /// How a Japanese national number is written (TP-3; issue #13 items 8 and 9): area code,
    /// exchange (市内局番) and subscriber number, parted by hyphens, 0300001111 → 03-0000-1111.
    /// ONE rule for everything that shows or says a number: the IVR reads a number back group by
    /// group with a pause at each hyphen (Ivr/TemporaryPasswordIvr.cs), and the
    /// carrier's settings site shows it with hyphens (backend/Fxs.Backend/Site/PhoneFormat.cs
    /// compiles this very file, see its project file). Portable and allocation-free: it answers
    /// with the groups' lengths, never with a new string.
    /// <list type="bullet">
    /// <item>Fixed lines, 10 digits: the area code and the exchange are 6 digits together (the 0
    /// and the 5-digit number area), the subscriber the last 4. The area code's length (2 to 5
    /// digits with its 0) is that of the longest prefix in <see cref="AreaCodes"/>, a subset of the
    /// MIC numbering plan (総務省 市外局番の一覧): the 2-digit and the 3-digit codes, the 4-digit
    /// codes that begin like a 3-digit one, and the 5-digit codes; any other fixed number has a
    /// 4-digit area code (0ABC-DE-FGHJ), the most common length. The table was written from the
    /// plan by hand: a code missing or wrong moves a hyphen (and the pause read there), nothing else.</item>
    /// <item>11 digits from 020, 050, 060, 070, 080, 090 (M2M, IP phones, UPT, mobiles): 3-4-4,
    /// as the dial plan (DialPlan.cs) counts them.</item>
    /// <item>0120, 0570, 0990 (10 digits): 4-3-3; 0800 (11 digits): 4-3-4.</item>
    /// <item>Anything else (not all digits, not from 0, another length) has no groups: it is
    /// shown and read as keyed.</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// The backend compiles this file with FXS_NUMBER_GROUPS_INTERNAL defined: there the class is
    /// internal, so that a project that sees both the backend and the core (the CLI, the end-to-end
    /// tests) finds one NumberGroups, the core's.
    /// </remarks>
#if FXS_NUMBER_GROUPS_INTERNAL
    internal static class NumberGroups
#else
    public static class NumberGroups
#endif
    {
        /// <summary>Digits of a fixed-line number from its 0 (TP-3).</summary>
        public const int FixedDigits = 10;

        /// <summary>Digits of a mobile, IP-phone or 0800 number from its 0.</summary>
        public const int LongDigits = 11;

        /// <summary>Area code and exchange of a fixed number together, digits (0 + the 5-digit number area).</summary>
        private const int AreaAndExchangeDigits = 6;

        /// <summary>Area code digits of a fixed number whose prefix is not in <see cref="AreaCodes"/>.</summary>
        private const int DefaultAreaDigits = 4;

        /// <summary>Area codes by prefix, with the leading 0; the longest match wins.</summary>
        private static readonly string[] AreaCodes =
        {
            "03", "06",
            "011", "017", "018", "019", "022", "023", "024", "025", "026", "027", "028", "029", "042", "043", "044", "045", "046", "047", "048", "049",
            "052", "053", "054", "055", "058", "059", "072", "073", "075", "076", "077", "078", "079",
            "082", "083", "084", "086", "087", "088", "089", "092", "093", "095", "096", "097", "098", "099",
            // 4-digit codes that begin like a 3-digit one above (any other 4-digit code needs no entry):
            "0172", "0173", "0174", "0175", "0176", "0178", "0179",                         // Aomori
            "0182", "0183", "0184", "0185", "0186", "0187",                                 // Akita
            "0191", "0192", "0193", "0194", "0195", "0197", "0198",                         // Iwate
            "0233", "0234", "0235", "0237", "0238",                                         // Yamagata
            "0240", "0241", "0242", "0243", "0244", "0246", "0247", "0248",                 // Fukushima
            "0260", "0261", "0263", "0264", "0265", "0266", "0267", "0268", "0269",         // Nagano
            "0220", "0223", "0224", "0225", "0226", "0228", "0229",                         // Miyagi
            "0250", "0254", "0255", "0256", "0257", "0258", "0259",                         // Niigata
            "0270", "0274", "0276", "0277", "0278", "0279",                                 // Gunma
            "0280", "0282", "0283", "0284", "0285", "0287", "0288", "0289",                 // Tochigi, Koga
            "0291", "0293", "0294", "0295", "0296", "0297", "0299",                         // Ibaraki
            "0422", "0428", "0436", "0438", "0439",                                         // Tokyo Tama, Chiba
            "0460", "0463", "0465", "0466", "0467",                                         // Kanagawa
            "0470", "0475", "0476", "0478", "0479", "0480", "0493", "0494", "0495",         // Chiba, Saitama
            "0531", "0532", "0533", "0536", "0537", "0538", "0539",                         // Aichi east, Shizuoka west
            "0544", "0545", "0547", "0548",                                                 // Shizuoka
            "0550", "0551", "0553", "0554", "0555", "0556", "0557", "0558",                 // Shizuoka east, Yamanashi
            "0581", "0584", "0585", "0586", "0587",                                         // Gifu, Aichi west
            "0594", "0595", "0596", "0597", "0598", "0599",                                 // Mie
            "0721", "0725", "0735", "0736", "0737", "0738", "0739",                         // Osaka south, Wakayama
            "0761", "0763", "0765", "0766", "0767", "0768",                                 // Ishikawa, Toyama
            "0770", "0771", "0772", "0773", "0774", "0776", "0778", "0779",                 // Fukui, Kyoto
            "0790", "0791", "0794", "0795", "0796", "0797", "0798", "0799",                 // Hyogo
            "0820", "0823", "0824", "0826", "0827", "0829",                                 // Hiroshima, Yamaguchi east
            "0833", "0834", "0835", "0836", "0837", "0838", "0845", "0846", "0847", "0848", // Yamaguchi, Hiroshima east
            "0863", "0865", "0866", "0867", "0868", "0869", "0875", "0877", "0879",         // Okayama, Kagawa
            "0880", "0883", "0884", "0885", "0887", "0889",                                 // Kochi, Tokushima
            "0892", "0893", "0894", "0895", "0896", "0897", "0898",                         // Ehime
            "0920", "0930", "0950", "0952", "0954", "0955", "0956", "0957", "0959",         // Iki, Yukuhashi, Saga, Nagasaki
            "0964", "0965", "0966", "0967", "0968", "0969",                                 // Kumamoto
            "0972", "0973", "0974", "0977", "0978", "0979",                                 // Oita
            "0980", "0982", "0983", "0984", "0985", "0986", "0987",                         // Okinawa north, Miyazaki
            "0993", "0994", "0995", "0996", "0997",                                         // Kagoshima
            // 5-digit codes (a 1-digit exchange): Hokkaido towns, the Izu and Ogasawara islands, Oki, Daito, Koshikijima …
            "01372", "01374", "01377", "01392", "01397", "01398", "01456", "01457", "01547", "01564", "01586", "01587",
            "01632", "01634", "01635", "01648", "01655", "01656", "01658",
            "04992", "04994", "04996", "04998", "05769", "05979", "07468", "08387", "08388", "08396", "08477", "08512", "08514",
            "09496", "09802", "09912", "09913", "09969",
        };

        /// <summary>
        /// The written groups of <paramref name="number"/>: <paramref name="firstDigits"/> (area code,
        /// or the 0120/0800/mobile prefix) and <paramref name="secondDigits"/> (exchange); the third
        /// group is the rest. False, with both 0, when the number has no written groups (see the
        /// class summary): it is then shown and read as keyed.
        /// </summary>
        public static bool Split(string number, out int firstDigits, out int secondDigits)
        {
            firstDigits = 0;
            secondDigits = 0;
            if (number == null) { return false; }
            int n = number.Length;
            if ((n != FixedDigits && n != LongDigits) || number[0] != '0') { return false; }
            for (int i = 1; i < n; i++)
            {
                if (number[i] < '0' || number[i] > '9') { return false; }
            }
            char c1 = number[1], c2 = number[2], c3 = number[3];
            if (c1 == '0' || (c1 == '1' && c2 == '0')) { return false; } // 00 carrier prefix, 010 international: open length
            if (n == LongDigits)
            {
                if (c2 == '0' && (c1 == '2' || c1 == '5' || c1 == '6' || c1 == '7' || c1 == '8' || c1 == '9'))
                {
                    if (c1 == '8' && c3 == '0') { firstDigits = 4; secondDigits = 3; return true; } // 0800-xxx-xxxx
                    firstDigits = 3;
                    secondDigits = 4;
                    return true;
                }
                return false;
            }
            // 10 digits: the nationwide 4-3-3 services first, then the fixed lines.
            if ((c1 == '1' && c2 == '2' && c3 == '0') || (c1 == '5' && c2 == '7' && c3 == '0') || (c1 == '9' && c2 == '9' && c3 == '0'))
            {
                firstDigits = 4;
                secondDigits = 3;
                return true;
            }
            if (c2 == '0' && (c1 == '2' || c1 == '5' || c1 == '6' || c1 == '7' || c1 == '8' || c1 == '9')) { return false; } // an 11-digit kind, short a digit
            firstDigits = AreaCodeDigits(number);
            secondDigits = AreaAndExchangeDigits - firstDigits;
            return true;
        }

        // The longest prefix of the number in AreaCodes, else the default.
        private static int AreaCodeDigits(string number)
        {
            int best = 0;
            for (int i = 0; i < AreaCodes.Length; i++)
            {
                string code = AreaCodes[i];
                if (code.Length > best && StartsWith(number, code)) { best = code.Length; }
            }
            return best == 0 ? DefaultAreaDigits : best;
        }

        private static bool StartsWith(string number, string prefix)
        {
            if (prefix.Length > number.Length) { return false; }
            for (int i = 0; i < prefix.Length; i++)
            {
                if (number[i] != prefix[i]) { return false; }
            }
            return true;
        }
    }
}
