using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;

namespace Fxs.Backend.Site;

/// <summary>
/// What a login may manage, from the unit chosen on the phone (TP-17): line unit, the contract
/// number manages every number (TP-19); phone-number unit, only the number logged in (TP-20);
/// admin/user unit, the contract number (admin) manages every number and may change every
/// number's password (TP-21, TP-24), an additional number (user) only itself.
/// </summary>
public sealed record SiteAccess(string Number, Line Line, Credential Credential)
{
    public bool IsContract => Line.Contract.Number == Number;

    public bool IsAdmin => Credential.Unit == PasswordUnit.AdminUser && IsContract;

    public IReadOnlyList<LineNumber> Managed =>
        (Credential.Unit == PasswordUnit.Line && IsContract) || IsAdmin ? Line.Numbers : [Line.Find(Number)!];

    public bool CanChangePasswordOf(string number) => number == Number || (IsAdmin && Line.Find(number) is not null);

    public string UnitLabel => Credential.Unit switch
    {
        PasswordUnit.Line => "回線単位",
        PasswordUnit.Number => "電話番号単位",
        _ => IsContract ? "管理者／ユーザ単位（管理者）" : "管理者／ユーザ単位（ユーザ）",
    };
}
