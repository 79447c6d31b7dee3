using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Fxs.Backend.Data;
using Fxs.Backend.Passwords;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Site;

/// <summary>Section "Site": brand (TP-26) and session lifetimes (OWASP ASVS: idle and absolute timeouts).</summary>
public sealed class SiteOptions
{
    public Brand Brand { get; set; } = Brand.East;
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// Server-side sessions: the cookie holds a random 256-bit token, the database only its SHA-256.
/// A session ends at logout, after the idle or absolute timeout, and as soon as the number's
/// password changes or its temporary password expires (the session is bound to the credential it logged in with).
/// </summary>
public sealed class SessionStore(Database db)
{
    public const string CookieName = "__Host-fxs-session";

    public static readonly CookieOptions Cookie = new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public async Task<string> CreateAsync(string number, DateTimeOffset credentialSetAt, DateTimeOffset now, CancellationToken ct)
    {
        string token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using DbConnection c = await db.OpenAsync(ct);
        await Database.ExecuteAsync(c, """
            INSERT INTO sessions (token_hash, number, credential_set_at_ms, created_at_ms, last_seen_ms) VALUES (@h, @n, @set, @now, @now)
            """, ct, null, ("@h", Hash(token)), ("@n", number), ("@set", credentialSetAt.ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()));
        return token;
    }

    public async Task<(string Number, long CredentialSetAtMs, long CreatedMs, long LastSeenMs)?> FindAsync(string token, CancellationToken ct)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbCommand cmd = Database.Command(c, "SELECT number, credential_set_at_ms, created_at_ms, last_seen_ms FROM sessions WHERE token_hash = @h", null, ("@h", Hash(token)));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)) : null;
    }

    public async Task TouchAsync(string token, DateTimeOffset now, DateTimeOffset? credentialSetAt, CancellationToken ct)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await Database.ExecuteAsync(c, "UPDATE sessions SET last_seen_ms = @now, credential_set_at_ms = coalesce(@set, credential_set_at_ms) WHERE token_hash = @h",
            ct, null, ("@h", Hash(token)), ("@now", now.ToUnixTimeMilliseconds()), ("@set", credentialSetAt?.ToUnixTimeMilliseconds()));
    }

    public async Task DeleteAsync(string token, CancellationToken ct)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await Database.ExecuteAsync(c, "DELETE FROM sessions WHERE token_hash = @h", ct, null, ("@h", Hash(token)));
    }
}

/// <summary>The site's authentication scheme: the session cookie; a challenge sends the browser to /login.</summary>
public sealed class SiteSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SessionStore sessions, CredentialStore credentials, IOptions<SiteOptions> site, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SiteSession";
    public const string NumberClaim = "number";
    public const string TokenItem = "fxs.session.token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(SessionStore.CookieName, out string? token) || string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }
        CancellationToken ct = Context.RequestAborted;
        var session = await sessions.FindAsync(token, ct);
        if (session is not { } s) { return AuthenticateResult.Fail("Unknown session."); }
        DateTimeOffset now = time.GetUtcNow();
        long nowMs = now.ToUnixTimeMilliseconds();
        Credential? credential = await credentials.GetAsync(s.Number, ct);
        if (nowMs - s.LastSeenMs > (long)site.Value.IdleTimeout.TotalMilliseconds
            || nowMs - s.CreatedMs > (long)site.Value.AbsoluteTimeout.TotalMilliseconds
            || credential is null || !credential.IsValidAt(now) || credential.SetAt.ToUnixTimeMilliseconds() != s.CredentialSetAtMs)
        {
            await sessions.DeleteAsync(token, ct);
            return AuthenticateResult.Fail("Session ended.");
        }
        await sessions.TouchAsync(token, now, null, ct);
        Context.Items[TokenItem] = token;
        var identity = new ClaimsIdentity([new Claim(NumberClaim, s.Number)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = "/login";
        return Task.CompletedTask;
    }
}
