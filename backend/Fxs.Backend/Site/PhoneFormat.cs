using Fxs.Core.Line;

namespace Fxs.Backend.Site;

/// <summary>
/// A national number as Japanese users write it (issue #13 item 8): area code, exchange and
/// subscriber parted by hyphens, 0300001111 → 03-0000-1111, 09012345678 → 090-1234-5678. The
/// groups come from the firmware core's NumberGroups (firmware/Fxs.Core/Line/NumberGroups.cs,
/// compiled into this project by its file), the rule the IVR reads numbers back by (issue #13
/// item 9): the site shows a number exactly as the phone says it. A number without groups is
/// shown as keyed.
/// </summary>
public static class PhoneFormat
{
    public static string Hyphenated(string number)
    {
        if (!NumberGroups.Split(number, out int first, out int second)) { return number; }
        return $"{number[..first]}-{number[first..(first + second)]}-{number[(first + second)..]}";
    }
}
