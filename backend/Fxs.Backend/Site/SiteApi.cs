using System.Security.Claims;
using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fxs.Backend.Site;

public sealed class LoginForm
{
    public string? Number { get; set; }
    public string? Password { get; set; }
}

public sealed class PasswordChangeForm
{
    public string? Number { get; set; }
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

/// <summary>The settings site (TP-18..TP-25): login, top page, password change, logout.</summary>
public static class SiteApi
{
    public const string LoginFailed = "電話番号またはパスワードが正しくありません。";
    public const string Throttled = "ログインの失敗が続いたため、しばらくの間ログインできません。{0}秒後にもう一度お試しください。";

    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/site.css", () => TypedResults.Text(Pages.Css, "text/css; charset=utf-8"));
        routes.MapGet("/", () => TypedResults.Redirect("/top"));

        routes.MapGet("/login", (HttpContext http, Pages pages) => pages.Login(http, [], null));
        routes.MapGet("/howto", (Pages pages) => pages.HowTo());

        routes.MapPost("/login", async Task<Results<RedirectHttpResult, ContentHttpResult>> (
            [FromForm] LoginForm? form, HttpContext http, Pages pages, CredentialStore credentials, PasswordHasher hasher,
            LoginThrottle throttle, SessionStore sessions, KnownDevices devices, TimeProvider time, CancellationToken ct) =>
        {
            // A form may carry only its antiforgery token: no field bound is an empty form, not an error.
            form ??= new LoginForm();
            string number = (form.Number ?? string.Empty).Replace("-", string.Empty).Trim();
            string password = form.Password ?? string.Empty;
            ThrottleVerdict verdict = await throttle.BeginAsync(number, Client(http, devices, number), ct);
            if (verdict is not ThrottleVerdict.Allowed { Attempt: LoginAttempt attempt })
            {
                return pages.Login(http, [Refusal(verdict)], number, StatusCodes.Status429TooManyRequests);
            }
            Credential? credential = Provisioning.PhoneNumber.IsValid(number) ? await credentials.GetAsync(number, ct) : null;
            DateTimeOffset now = time.GetUtcNow();
            bool ok;
            if (credential is null || !credential.IsValidAt(now))
            {
                hasher.VerifyNothing(password);
                ok = false;
            }
            else
            {
                ok = hasher.Verify(password, credential.Hash);
            }
            if (!ok)
            {
                return pages.Login(http, [LoginFailed], number); // the attempt stays counted as a failure
            }
            await throttle.SucceededAsync(attempt, ct);
            devices.Issue(http, number); // this browser is the owner's from now on: the number's backoff no longer holds it
            if (hasher.NeedsRehash(credential!.Hash))
            {
                // Pepper key rotation and parameter upgrades reach every password that logs in (backend/README.md).
                await credentials.RehashAsync(number, credential.Hash, hasher.Hash(password), ct);
            }
            // A new session ID at every login (no fixation).
            string token = await sessions.CreateAsync(number, credential!.SetAt, now, ct);
            http.Response.Cookies.Append(SessionStore.CookieName, token, SessionStore.Cookie);
            return TypedResults.Redirect("/top");
        });

        RouteGroupBuilder signedIn = routes.MapGroup("/").RequireAuthorization(Auth.AuthSetup.SitePolicy);

        signedIn.MapGet("/top", async Task<Results<ContentHttpResult, RedirectHttpResult>> (HttpContext http, Pages pages, LineDirectory lines, CredentialStore credentials, CancellationToken ct) =>
            await AccessAsync(http, lines, credentials, ct) is SiteAccess access ? pages.Top(http, access) : TypedResults.Redirect("/login"));

        signedIn.MapGet("/password", async Task<Results<ContentHttpResult, RedirectHttpResult>> (
            string? number, HttpContext http, Pages pages, LineDirectory lines, CredentialStore credentials, CancellationToken ct) =>
        {
            if (await AccessAsync(http, lines, credentials, ct) is not SiteAccess access) { return TypedResults.Redirect("/login"); }
            string target = string.IsNullOrEmpty(number) ? access.Number : number;
            if (!access.CanChangePasswordOf(target))
            {
                return pages.Message("パスワード変更", "この電話番号のパスワードは変更できません。", StatusCodes.Status403Forbidden);
            }
            return pages.PasswordForm(http, access, target, []);
        });

        signedIn.MapPost("/password", async Task<Results<ContentHttpResult, RedirectHttpResult>> (
            [FromForm] PasswordChangeForm? form, HttpContext http, Pages pages, LineDirectory lines, CredentialStore credentials,
            PasswordHasher hasher, LoginThrottle throttle, SessionStore sessions, KnownDevices devices, TimeProvider time, CancellationToken ct) =>
        {
            form ??= new PasswordChangeForm();
            if (await AccessAsync(http, lines, credentials, ct) is not SiteAccess access) { return TypedResults.Redirect("/login"); }
            string target = string.IsNullOrEmpty(form.Number) ? access.Number : form.Number;
            if (!access.CanChangePasswordOf(target))
            {
                return pages.Message("パスワード変更", "この電話番号のパスワードは変更できません。", StatusCodes.Status403Forbidden);
            }
            // TP-23: current password once (the logged-in number's), new password twice.
            var errors = new List<string>();
            bool currentOk = false;
            if (string.IsNullOrEmpty(form.CurrentPassword))
            {
                errors.Add(PasswordRules.CurrentMissing);
            }
            else
            {
                ThrottleVerdict verdict = await throttle.BeginAsync(access.Number, Client(http, devices, access.Number), ct);
                if (verdict is not ThrottleVerdict.Allowed { Attempt: LoginAttempt attempt })
                {
                    return pages.PasswordForm(http, access, target, [Refusal(verdict)], StatusCodes.Status429TooManyRequests);
                }
                if (currentOk = hasher.Verify(form.CurrentPassword, access.Credential.Hash))
                {
                    await throttle.ReleaseAsync(attempt, ct); // a right current password is no failure
                }
                else
                {
                    errors.Add(PasswordRules.CurrentWrong); // the attempt stays counted as a failure
                }
            }
            errors.AddRange(PasswordRules.CheckNew(form.NewPassword, form.ConfirmPassword, access.Line.Numbers.Select(n => n.Number)));
            Credential? targetCredential = target == access.Number ? access.Credential : await credentials.GetAsync(target, ct);
            // Compared only once the current password is proven, so the rule is no oracle for guessing it.
            if (currentOk && !string.IsNullOrEmpty(form.NewPassword) && targetCredential is not null && hasher.Verify(form.NewPassword, targetCredential.Hash))
            {
                errors.Add(PasswordRules.SameAsCurrent);
            }
            if (errors.Count > 0)
            {
                return pages.PasswordForm(http, access, target, errors, StatusCodes.Status422UnprocessableEntity);
            }

            DateTimeOffset now = time.GetUtcNow();
            PasswordUnit unit = target == access.Number ? access.Credential.Unit : PasswordUnit.AdminUser;
            var changed = new Credential(target, hasher.Hash(form.NewPassword!), IsTemporary: false, unit, now, null);
            await credentials.SetAsync(changed, ct);
            bool contract = target == access.Line.Contract.Number;
            string token = (string)http.Items[SiteSessionHandler.TokenItem]!;
            if (target == access.Number)
            {
                if (contract)
                {
                    // TP-25: the contract number logs in again ("ログイン画面へ").
                    await sessions.DeleteAsync(token, ct);
                    http.Response.Cookies.Delete(SessionStore.CookieName, SessionStore.Cookie);
                }
                else
                {
                    await sessions.TouchAsync(token, now, now, ct);
                }
            }
            return pages.PasswordChanged(target, contract);
        });

        signedIn.MapPost("/logout", async Task<Results<RedirectHttpResult, BadRequest>> (HttpContext http, IAntiforgery antiforgery, SessionStore sessions, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) { return TypedResults.BadRequest(); }
            await sessions.DeleteAsync((string)http.Items[SiteSessionHandler.TokenItem]!, ct);
            http.Response.Cookies.Delete(SessionStore.CookieName, SessionStore.Cookie);
            return TypedResults.Redirect("/login");
        });

        return routes;
    }

    private static LoginClient Client(HttpContext http, KnownDevices devices, string number) =>
        new(http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None, devices.Read(http, number));

    private static string Refusal(ThrottleVerdict verdict) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Throttled, (int)Math.Ceiling(((ThrottleVerdict.Wait)verdict).RetryAfter.TotalSeconds));

    private static async Task<SiteAccess?> AccessAsync(HttpContext http, LineDirectory lines, CredentialStore credentials, CancellationToken ct)
    {
        string? number = http.User.FindFirstValue(SiteSessionHandler.NumberClaim);
        if (number is null) { return null; }
        Credential? credential = await credentials.GetAsync(number, ct);
        Line? line = await lines.LineOfNumberAsync(number, ct);
        return credential is null || line is null ? null : new SiteAccess(number, line, credential);
    }
}
