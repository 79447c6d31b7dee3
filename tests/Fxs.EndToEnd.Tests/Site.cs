using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Fxs.EndToEnd.Tests;

/// <summary>
/// The settings site over real HTTPS (no browser): cookies kept, redirects not followed, the
/// backend trusted by its certificate alone (loopback, self-signed). GET a form, post it back with
/// its antiforgery token.
/// </summary>
public sealed partial class Site : IDisposable
{
    private readonly HttpClient _client;

    public Site(Backend backend)
    {
        X509Certificate2 server = backend.ServerCertificate;
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.RawData.AsSpan().SequenceEqual(server.RawData),
        };
        _client = new HttpClient(handler) { BaseAddress = backend.Url };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using HttpResponseMessage r = await _client.GetAsync(path);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string? Location, string Html)> SubmitAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        (_, string html) = await GetAsync(formPage);
        Match m = TokenPattern().Match(html);
        Assert.True(m.Success, "no antiforgery token on " + formPage);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(m.Groups[1].Value)));
        using HttpResponseMessage r = await _client.PostAsync(action, new FormUrlEncodedContent(form));
        return (r.StatusCode, r.Headers.Location?.ToString(), await r.Content.ReadAsStringAsync());
    }

    /// <summary>True when the site lets <paramref name="number"/> in with <paramref name="password"/> (302 to /top).</summary>
    public async Task<bool> LoginAsync(string number, string password)
    {
        var r = await SubmitAsync("/login", "/login", ("number", number), ("password", password));
        return r.Status == HttpStatusCode.Redirect && r.Location == "/top";
    }

    public Task<(HttpStatusCode Status, string? Location, string Html)> ChangePasswordAsync(string target, string current, string newPassword) =>
        SubmitAsync("/password?number=" + target, "/password",
            ("number", target), ("currentPassword", current), ("newPassword", newPassword), ("confirmPassword", newPassword));

    public void Dispose() => _client.Dispose();
}
