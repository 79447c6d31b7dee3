namespace Fxs.Backend.Passwords;

/// <summary>
/// TP-23: the new password is 8 to 12 half-width alphanumerics, not digits only, not the current
/// one, keyed twice alike. Product decision on top (NIST SP 800-63B's blocklist advice, and the
/// guide's own advice against phone numbers): no number of the line inside it, none of a few
/// well-known passwords. Each message explains one violation on the page.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 12;

    public const string CurrentMissing = "現在のパスワードを入力してください。";
    public const string CurrentWrong = "現在のパスワードが正しくありません。";
    public const string NewMissing = "新しいパスワードを入力してください。";
    public const string Length = "新しいパスワードは8文字以上12文字以下で入力してください。";
    public const string Charset = "新しいパスワードには半角英数字（0～9、a～z、A～Z）のみ使用できます。";
    public const string DigitsOnly = "数字のみのパスワードは設定できません。英字を1文字以上含めてください。";
    public const string Mismatch = "新しいパスワードと確認用のパスワードが一致しません。";
    public const string SameAsCurrent = "現在のパスワードと同じパスワードは設定できません。";
    public const string Guessable = "電話番号を含むパスワードや推測されやすいパスワードは設定できません。";

    /// <summary>The guide's advice shown beside the form (TP-23).</summary>
    public const string Advice = "誕生日や電話番号など、他人から推測されやすいパスワードは避けてください。パスワードは定期的に変更してください。";

    private static readonly string[] Common =
    [
        "password", "password1", "passw0rd", "abc12345", "abcd1234", "qwerty12", "qwerty123", "asdf1234",
        "1qaz2wsx", "iloveyou1", "admin123", "letmein1", "welcome1", "a1234567", "aa123456", "test1234",
    ];

    /// <summary>The form rules that need no stored hash; <paramref name="lineNumbers"/> are the line's numbers.</summary>
    public static List<string> CheckNew(string? newPassword, string? confirm, IEnumerable<string> lineNumbers)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(newPassword))
        {
            errors.Add(NewMissing);
            return errors;
        }
        if (newPassword.Length is < MinLength or > MaxLength) { errors.Add(Length); }
        bool alnum = newPassword.All(char.IsAsciiLetterOrDigit);
        if (!alnum) { errors.Add(Charset); }
        else if (newPassword.All(char.IsAsciiDigit)) { errors.Add(DigitsOnly); }
        if (newPassword != confirm) { errors.Add(Mismatch); }
        if (alnum && (Common.Contains(newPassword.ToLowerInvariant())
            || lineNumbers.Any(n => newPassword.Contains(n, StringComparison.Ordinal) || newPassword.Contains(n[1..], StringComparison.Ordinal))))
        {
            errors.Add(Guessable);
        }
        return errors;
    }
}
