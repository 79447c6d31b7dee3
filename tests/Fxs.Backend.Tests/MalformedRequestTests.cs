using Fxs.Backend.Data;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fxs.Backend.Site;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #13 item 2: no request gets a 5xx. FsCheck generates malformed requests (random,
/// truncated and mis-typed forms, with or without their antiforgery token, logged in or not;
/// device-API JSON bodies truncated, with invalid UTF-8 inside strings, with wrong types, random
/// bytes; unknown URLs) and the backend must answer each with a 4xx (or a 2xx/3xx) that its reader
/// understands: problem details on the device API, a Japanese page on the site.
/// </summary>
public abstract class MalformedRequestTests : IDisposable
{
    private readonly BackendApp _app;
    private readonly Lazy<Browser> _visitor;
    private Browser? _loggedIn;
    private int _logins;

    protected MalformedRequestTests(StoreProvider store)
    {
        _app = new BackendApp(store: store);
        _visitor = new(() => _app.Browser("192.0.2.51"));
    }

    public void Dispose()
    {
        _loggedIn?.Dispose();
        if (_visitor.IsValueCreated) { _visitor.Value.Dispose(); }
        _app.Dispose();
    }

    /// <summary>A logged-in browser; a generated request may have logged it out or changed the password, so then a new call and a new login.</summary>
    private async Task<Browser> LoggedInAsync()
    {
        if (_loggedIn is not null && (await _loggedIn.GetAsync("/top")).Status == HttpStatusCode.OK) { return _loggedIn; }
        _loggedIn?.Dispose();
        _app.Clock.Advance(TimeSpan.FromMinutes(1)); // the new call ends after any change made on the site
        await _app.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "12345678");
        _loggedIn = _app.Browser($"192.0.2.{100 + _logins++ % 100}"); // a fresh address: generated failures do not throttle it
        using HttpResponseMessage r = await _loggedIn.LoginAsync(BackendApp.Contract, "12345678");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return _loggedIn;
    }

    [Property(MaxTest = 250, Arbitrary = [typeof(MalformedRequests)])]
    public void NoMalformedRequestGetsA5xx(Malformed request) => Task.Run(() => SendAsync(request)).GetAwaiter().GetResult();

    [Fact]
    public void AFormWithOnlyItsAntiforgeryTokenIsAnsweredWithAPage()
    {
        foreach (string path in new[] { "/login", "/password" })
        {
            NoMalformedRequestGetsA5xx(new Malformed(Malformed.Kinds.Form, "POST", path, "application/x-www-form-urlencoded", [], Token: true, LoggedIn: true));
            NoMalformedRequestGetsA5xx(new Malformed(Malformed.Kinds.Form, "POST", path, "application/x-www-form-urlencoded", [], Token: true, LoggedIn: false));
        }
    }

    [Fact]
    public async Task InvalidUtf8InsideAJsonStringIsA400Problem()
    {
        byte[] body = Encoding.UTF8.GetBytes(_app.Record().ToJsonString().Replace("hgw-0001", "hgw-\u0001MARK"));
        int at = body.AsSpan().IndexOf("\u0001MARK"u8);
        body[at] = 0xC3; // a lead byte followed by ASCII: not UTF-8
        HttpResponseMessage r = await SendAsync(new Malformed(Malformed.Kinds.Json, "POST", "/device/v1/records", "application/json", body, false, false));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("not valid UTF-8", await r.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(Malformed m)
    {
        HttpClient client;
        string? token = null;
        if (m.Kind == Malformed.Kinds.Json)
        {
            client = _app.DeviceClient();
        }
        else
        {
            Browser browser = m.LoggedIn ? await LoggedInAsync() : _visitor.Value;
            client = browser.Client;
            if (m.Token) { token = Browser.Token((await browser.GetAsync(m.LoggedIn ? "/password" : "/login")).Html); }
        }
        byte[] body = m.Body;
        if (token is not null)
        {
            byte[] field = Encoding.ASCII.GetBytes((body.Length > 0 ? "&" : "") + "__RequestVerificationToken=" + Uri.EscapeDataString(token));
            body = [.. body, .. field];
        }
        using var message = new HttpRequestMessage(new HttpMethod(m.Method), m.Path);
        if (m.Method != "GET")
        {
            message.Content = new ByteArrayContent(body);
            if (m.ContentType is not null) { message.Content.Headers.TryAddWithoutValidation("Content-Type", m.ContentType); }
        }
        HttpResponseMessage r = await client.SendAsync(message);
        string text = await r.Content.ReadAsStringAsync();
        string? type = r.Content.Headers.ContentType?.MediaType;
        string what = $"{m}\n→ {(int)r.StatusCode} {type}\n{(text.Length > 400 ? text[..400] : text)}";
        Assert.True((int)r.StatusCode < 500, what);
        if ((int)r.StatusCode >= 400)
        {
            if (m.Path.StartsWith("/device", StringComparison.Ordinal))
            {
                Assert.True(type == "application/problem+json", what);
            }
            else
            {
                Assert.True(type == "text/html", what);
                Assert.Contains("<html lang=\"ja\">", text);
            }
        }
        if (m.Kind == Malformed.Kinds.Json) { client.Dispose(); }
        return r;
    }
}

/// <summary>One generated request; printed readably when the property fails.</summary>
public sealed record Malformed(Malformed.Kinds Kind, string Method, string Path, string? ContentType, byte[] Body, bool Token, bool LoggedIn)
{
    public enum Kinds { Form, Json, Url }

    public override string ToString() =>
        $"{Kind} {Method} {Path} ({ContentType ?? "no content type"}, token {Token}, logged in {LoggedIn}) body: {Escape(Body)}";

    private static string Escape(byte[] body)
    {
        var sb = new StringBuilder();
        foreach (byte b in body.Take(300)) { sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"); }
        return sb.ToString();
    }
}

public static class MalformedRequests
{
    private static readonly string[] FieldNames = ["number", "password", "currentPassword", "newPassword", "confirmPassword", "__RequestVerificationToken", "Number", "x", "", "number[]"];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Elements("", "0300001111", "03-0000-1111", "12345678", "abcd5678", "Abcd5678xy", "０３００", "%", "%FF", "%E3%81", "&&==", "\u0000", "😀", new string('9', 5000)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    private static readonly Gen<byte[]> FormBody =
        from count in Gen.Choose(0, 6)
        from fields in Gen.ListOf(Gen.Zip(Gen.Elements(FieldNames), Text), count)
        let encoded = Encoding.UTF8.GetBytes(string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2))))
        from cut in Gen.Choose(0, encoded.Length)
        from mode in Gen.Choose(0, 3)
        select mode switch
        {
            0 => encoded[..cut], // truncated
            1 => [.. encoded, 0xFF, 0xC3, (byte)'=', 0x80], // raw bytes that are not UTF-8
            _ => encoded,
        };

    private static readonly Gen<string?> FormType = Gen.Elements<string?>(
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=shift_jis",
        "multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/json", null);

    private static readonly Gen<Malformed> Forms =
        from path in Gen.Elements("/login", "/password", "/logout", "/top", "/password?number=0300002222")
        from type in FormType
        from body in FormBody
        from token in Gen.Elements(true, false)
        from loggedIn in Gen.Elements(true, false)
        select new Malformed(Malformed.Kinds.Form, "POST", path, type, body, token, loggedIn);

    private const string ValidRecord = """
        {"recordId":"0b9f3c1e-1111-4222-8333-444455556666","deviceId":"hgw-0001","unit":1,"targetNumber":"0300001111","notifyNumber":"0300001111","accessNumber":"0363044747","callStart":"2025-05-31T23:58:35.000Z","callEnd":"2025-05-31T23:59:50.000Z","durationMs":75000,"chargeUnits":1,"sealing":"ecdh-p256-aesgcm-v1","sealedPassword":"AAAA"}
        """;

    private static readonly Gen<byte[]> JsonBody = Gen.OneOf(
        // truncated anywhere
        Gen.Choose(0, ValidRecord.Length).Select(n => Encoding.UTF8.GetBytes(ValidRecord[..n])),
        // a string value with bytes that are not UTF-8 inside
        from at in Gen.Elements(ValidRecord.Select((c, i) => (c, i)).Where(p => p.c == '"').Select(p => p.i + 1).ToArray())
        from bad in Gen.Elements(new byte[] { 0xFF }, [0xC3, 0x28], [0xE3, 0x81], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF])
        let bytes = Encoding.UTF8.GetBytes(ValidRecord)
        select (byte[])[.. bytes[..at], .. bad, .. bytes[at..]],
        // escapes that are not characters (lone surrogates), wrong types, deep nesting, huge numbers
        Gen.Elements(
            ValidRecord.Replace("hgw-0001", "\\ud800"), ValidRecord.Replace("\"unit\":1", "\"unit\":\"1\""),
            ValidRecord.Replace("\"unit\":1", "\"unit\":1e999"), ValidRecord.Replace("75000", "99999999999999999999999"),
            ValidRecord.Replace("\"AAAA\"", "null"), ValidRecord.Replace("\"AAAA\"", "\"***\""), "[]", "null", "1", "\"x\"", "{}",
            new string('[', 5000) + new string(']', 5000), "{\"recordId\":" + new string('{', 100)).Select(Encoding.UTF8.GetBytes),
        // anything
        ArbMap.Default.GeneratorFor<byte[]>());

    private static readonly Gen<Malformed> Json =
        from body in JsonBody
        from type in Gen.Elements<string?>("application/json", "application/json", "application/json; charset=utf-16", "text/plain", null)
        from path in Gen.Elements("/device/v1/records", "/device/v1/records/", "/device/v1/records/x")
        select new Malformed(Malformed.Kinds.Json, "POST", path, type, body, false, false);

    private static readonly Gen<Malformed> Urls =
        from path in Gen.Elements("/nothing", "/login/x", "/%FF", "/top/../../etc/passwd", "/device/v1/nothing", "/device/v1/records/%2F..%2F", "/login?number=%FF%FE")
        from method in Gen.Elements("GET", "POST", "PUT", "DELETE")
        from loggedIn in Gen.Elements(true, false)
        select new Malformed(Malformed.Kinds.Url, method, path, null, [], false, loggedIn);

    public static Arbitrary<Malformed> Requests() => Arb.From(Gen.Frequency((5, Forms), (5, Json), (1, Urls)));
}

/// <summary>MalformedRequestTests on SQLite, the embedded store.</summary>
public sealed class MalformedRequestTestsOnSqlite() : MalformedRequestTests(StoreProvider.Sqlite);

/// <summary>MalformedRequestTests on PostgreSQL, the production store.</summary>
public sealed class MalformedRequestTestsOnPostgreSql() : MalformedRequestTests(StoreProvider.PostgreSql);
