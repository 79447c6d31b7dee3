using Fxs.Backend.Data;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Fxs.Backend.Passwords;
using Fxs.Backend.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #13 item 1: the login limits hold under any concurrency. Bursts of parallel logins
/// against the real HTTPS server (Kestrel on loopback), each from its own connection; a login
/// counts as verified when its password was checked (the site answered "wrong password" or let
/// it in), as refused when the throttle answered 429 before any check. Each verification costs
/// Argon2id over 4 MiB (a few milliseconds), so the requests overlap as they do in production.
/// </summary>
public abstract partial class ThrottleRaceTests(ITestOutputHelper output, StoreProvider store) : IDisposable
{
    private const int Burst = 300;
    private const int HashMemoryKiB = 4096;
    private readonly BackendApp _app = new(argon2idMemoryKiB: HashMemoryKiB, store: store);

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private Uri StartServer()
    {
        _app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseHttps(); }));
        _app.StartServer();
        return new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("https", StringComparison.Ordinal)));
    }

    /// <summary>A browser whose connections come from <paramref name="from"/> (any 127.x.y.z is loopback on Linux).</summary>
    private static HttpClient BrowserFrom(Uri server, IPAddress from) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = server };

    /// <summary>Each browser GETs the form first; then every POST /login is sent at once. Returns (verified, refused).</summary>
    private async Task<(int Verified, int Refused)> BurstAsync(Uri server, Func<int, IPAddress> from, Func<int, string> number, Func<int, string> password)
    {
        var browsers = new (HttpClient Client, string Token)[Burst];
        for (int i = 0; i < Burst; i++)
        {
            HttpClient client = BrowserFrom(server, from(i));
            string page = await client.GetStringAsync("/login");
            browsers[i] = (client, WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value));
        }
        using var go = new ManualResetEventSlim();
        Task<(HttpStatusCode, string)>[] posts = browsers.Select((b, i) => Task.Run(async () =>
        {
            go.Wait();
            using HttpResponseMessage r = await b.Client.PostAsync("/login", new FormUrlEncodedContent(
                [new("number", number(i)), new("password", password(i)), new("__RequestVerificationToken", b.Token)]));
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        })).ToArray();
        go.Set();
        (HttpStatusCode Status, string Html)[] answers = await Task.WhenAll(posts);
        foreach ((HttpClient client, _) in browsers) { client.Dispose(); }
        int verified = answers.Count(a => a.Status == HttpStatusCode.Redirect || (a.Status == HttpStatusCode.OK && a.Html.Contains(SiteApi.LoginFailed)));
        int refused = answers.Count(a => a.Status == HttpStatusCode.TooManyRequests);
        Assert.Equal(Burst, verified + refused);
        return (verified, refused);
    }

    [Fact]
    public async Task ThreeHundredParallelGuessesAtOneNumberAreVerifiedAtMostBackoffAfterFailuresTimes()
    {
        Uri server = StartServer();
        // The number has a password (as a call sets it): each wrong guess is a real verification.
        var hasher = _app.Services.GetRequiredService<PasswordHasher>();
        DateTimeOffset now = _app.Clock.GetUtcNow();
        await _app.Services.GetRequiredService<CredentialStore>().SetAsync(
            new Credential(BackendApp.Contract, hasher.Hash("12345678"), IsTemporary: true, PasswordUnit.Line, now, now.AddHours(24)));
        // Each guess from its own address (127.0.1.1 ...), so only the per-number limit applies.
        (int verified, int refused) = await BurstAsync(server,
            i => new IPAddress([127, 0, (byte)(1 + i / 200), (byte)(1 + i % 200)]), _ => BackendApp.Contract, i => $"9{i:D7}");
        output.WriteLine($"one number, {Burst} parallel guesses from {Burst} addresses: {verified} verified, {refused} refused (limit {new LoginThrottleOptions().BackoffAfterFailures})");
        Assert.InRange(verified, 1, new LoginThrottleOptions().BackoffAfterFailures);
    }

    [Fact]
    public async Task ThreeHundredParallelGuessesFromOneClientAreVerifiedAtMostPerClientFailuresTimes()
    {
        Uri server = StartServer();
        // One address, each guess at another number, so only the per-client limit applies.
        (int verified, int refused) = await BurstAsync(server, _ => IPAddress.Parse("127.0.0.7"), i => $"03{i:D8}", i => $"9{i:D7}");
        output.WriteLine($"one client, {Burst} parallel guesses at {Burst} numbers: {verified} verified, {refused} refused (limit {new LoginThrottleOptions().PerClientFailures})");
        Assert.InRange(verified, 1, new LoginThrottleOptions().PerClientFailures);
    }
}

/// <summary>ThrottleRaceTests on SQLite, the embedded store.</summary>
public sealed class ThrottleRaceTestsOnSqlite(ITestOutputHelper output) : ThrottleRaceTests(output, StoreProvider.Sqlite);

/// <summary>ThrottleRaceTests on PostgreSQL, the production store.</summary>
public sealed class ThrottleRaceTestsOnPostgreSql(ITestOutputHelper output) : ThrottleRaceTests(output, StoreProvider.PostgreSql);
