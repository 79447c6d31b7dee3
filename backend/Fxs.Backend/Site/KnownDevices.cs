using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Fxs.Backend.Site;

/// <summary>
/// Known-device cookies (issue #13 item 6; OWASP's "device cookies" against lockout abuse): after
/// a successful login the browser gets <c>__Host-fxs-dev-NUMBER</c>, a random device ID for that
/// number sealed by ASP.NET data protection (authenticated encryption under the keys in the data
/// folder), for <see cref="Lifetime"/>. Its attempts at that number are held by its own backoff
/// (failures counted per device), not by the number's, so a stranger's guesses cannot keep the
/// owner out; a forged, altered or another number's cookie is ignored.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly IDataProtector _protector = protection.CreateProtector("Fxs.Backend.Site.KnownDevices.v1");

    private static string CookieName(string number) => "__Host-fxs-dev-" + number;

    /// <summary>The device ID this browser's cookie proves for <paramref name="number"/>, or null.</summary>
    public string? Read(HttpContext http, string number)
    {
        if (!Provisioning.PhoneNumber.IsValid(number) || !http.Request.Cookies.TryGetValue(CookieName(number), out string? value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            string[] parts = _protector.Unprotect(value).Split('|');
            return parts.Length == 3 && parts[0] == number && long.TryParse(parts[2], out long issuedMs)
                && time.GetUtcNow().ToUnixTimeMilliseconds() - issuedMs < (long)Lifetime.TotalMilliseconds ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Gives the browser a known-device cookie for <paramref name="number"/> (after a successful login).</summary>
    public void Issue(HttpContext http, string number)
    {
        string device = Read(http, number) ?? WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        string value = _protector.Protect(string.Join('|', number, device, time.GetUtcNow().ToUnixTimeMilliseconds()));
        http.Response.Cookies.Append(CookieName(number), value, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
            MaxAge = Lifetime,
        });
    }
}
