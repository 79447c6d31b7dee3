namespace Fxs.Core.Ivr
{
    /// <summary>The unit a temporary password is set for (TP-7): the menu key is the value.</summary>
    public enum PasswordUnit
    {
        /// <summary>Not chosen yet.</summary>
        None = 0,

        /// <summary>TP-8, key 1: line unit (回線単位), for the contract number.</summary>
        Line = 1,

        /// <summary>TP-9, key 2: phone-number unit (電話番号単位), for a number of the line keyed by the user.</summary>
        PhoneNumber = 2,

        /// <summary>TP-10, key 3: admin/user unit (管理者／ユーザ単位), by the port's notify number.</summary>
        AdminUser = 3,
    }
}
