namespace Fxs.Backend.Site;

/// <summary>
/// A national number as Japanese users write it (issue #13 item 8): area code, exchange and
/// subscriber parted by hyphens, 0300001111 → 03-0000-1111. The subscriber part is always the
/// last 4 digits of a 10-digit fixed number; the area code's length (2 to 5 digits with its 0)
/// comes from the longest prefix of <see cref="AreaCodes"/>, a subset of the MIC numbering plan
/// (the 2-digit and the common 3-digit areas, and the 4-digit codes that begin like a 3-digit one);
/// other fixed numbers take a 4-digit area code (0ABC-DE-FGHJ). 11-digit mobile and IP numbers
/// (070/080/090/050/020) are 3-4-4; 0120/0800 are 4-3-3 and 4-3-4. Anything else is shown as keyed.
/// </summary>
public static class PhoneFormat
{
    /// <summary>Area codes by prefix (with the leading 0); longest match wins.</summary>
    private static readonly string[] AreaCodes =
    [
        "03", "06",
        "011", "022", "025", "027", "028", "029", "042", "043", "044", "045", "046", "047", "048", "049",
        "052", "053", "054", "055", "058", "059", "072", "073", "075", "076", "077", "078", "079",
        "082", "083", "084", "086", "087", "088", "089", "092", "093", "095", "096", "097", "098", "099",
        // 4-digit codes that begin like a 3-digit one above (MIC): Tokyo Tama, Chiba, Kanagawa, Saitama, Gifu, Mie …
        "0422", "0428", "0436", "0438", "0439", "0460", "0463", "0465", "0466", "0467", "0470", "0475", "0476", "0478", "0479",
        "0480", "0493", "0494", "0495", "0531", "0532", "0533", "0536", "0537", "0538", "0539", "0544", "0545", "0547",
        "0548", "0550", "0551", "0553", "0554", "0555", "0556", "0557", "0558", "0561", "0562", "0563", "0564", "0565",
        "0566", "0567", "0568", "0569", "0572", "0573", "0574", "0575", "0576", "0577", "0578", "0581", "0584", "0585",
        "0586", "0587", "0594", "0595", "0596", "0597", "0598", "0599",
    ];

    public static string Hyphenated(string number)
    {
        if (number.Length == 0 || !number.All(char.IsAsciiDigit) || number[0] != '0') { return number; }
        if (number.Length == 11 && number[2] == '0' && number[1] is '2' or '5' or '7' or '8' or '9')
        {
            return $"{number[..3]}-{number[3..7]}-{number[7..]}";
        }
        if (number.StartsWith("0120", StringComparison.Ordinal) && number.Length == 10) { return $"{number[..4]}-{number[4..7]}-{number[7..]}"; }
        if (number.StartsWith("0800", StringComparison.Ordinal) && number.Length == 11) { return $"{number[..4]}-{number[4..7]}-{number[7..]}"; }
        if (number.Length != 10) { return number; }
        int area = 5;
        foreach (string code in AreaCodes)
        {
            if (number.StartsWith(code, StringComparison.Ordinal) && (area == 5 || code.Length > area)) { area = code.Length; }
        }
        if (area == 5) { area = 4; } // not in the table: the usual 4-digit area code
        return $"{number[..area]}-{number[area..6]}-{number[6..]}";
    }
}
