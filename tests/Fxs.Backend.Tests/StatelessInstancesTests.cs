using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Fxs.Backend.Data;
using Fxs.Backend.Site;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #17 item 2: two backend instances on one store, each with its own data folder holding
/// only the secret files a deployment gives every instance (<see cref="BackendApp.SharedSecretFiles"/>).
/// Sessions, the data protection key ring (antiforgery tokens, known-device cookies), throttle
/// counters and records' idempotency all live in the database, so any instance serves any request
/// and the limits hold across them.
/// </summary>
public abstract class StatelessInstancesTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly BackendApp _a;
    private readonly BackendApp _b;

    protected StatelessInstancesTests(ITestOutputHelper output, StoreProvider store)
    {
        _output = output;
        _a = new BackendApp(store: store);
        _ = _a.Services; // started: its store migrated, its secret files made
        _b = new BackendApp(sameStoreAs: _a);
        _ = _b.Services;
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    /// <summary>A browser whose requests go to instance A and B in turn (a round-robin balancer); cookies kept across both.</summary>
    private Browser RoundRobinBrowser(string ip = "192.0.2.10")
    {
        var handler = new CookieContainerHandler(new CookieContainer()) { InnerHandler = new RoundRobin(_a.Server.CreateHandler(), _b.Server.CreateHandler()) };
        var client = new HttpClient(handler) { BaseAddress = new Uri("https://localhost") };
        client.DefaultRequestHeaders.Add("X-Test-Client-Ip", ip);
        return new Browser(client);
    }

    /// <summary>Sends each request to the next instance in turn.</summary>
    private sealed class RoundRobin(params HttpMessageHandler[] instances) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker[] _invokers = instances.Select(h => new HttpMessageInvoker(h)).ToArray();
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            _invokers[(Interlocked.Increment(ref _next) - 1) % _invokers.Length].SendAsync(request, ct);

        protected override void Dispose(bool disposing)
        {
            foreach (HttpMessageInvoker invoker in _invokers) { invoker.Dispose(); }
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task EachRequestOnTheOtherInstanceLoginSessionFormsAndLogoutAllHold()
    {
        // The admin unit (TP-21): the contract number may change another number's password (TP-24) and stays logged in.
        await _a.SetTemporaryAsync(3, BackendApp.Contract, BackendApp.Contract, "12345678");
        using Browser browser = RoundRobinBrowser();
        // GET /login on A (its antiforgery token), POST /login on B: B's key ring opens A's token; the session is made on B.
        using (HttpResponseMessage login = await browser.LoginAsync(BackendApp.Contract, "12345678"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/top", login.Headers.Location?.OriginalString);
        }
        // GET /top on A: the session B made.
        (HttpStatusCode status, string top) = await browser.GetAsync("/top");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("03-0000-2222", top);
        // GET /password on B, POST /password on A: a password change with a token from the other instance.
        using (HttpResponseMessage changed = await browser.ChangePasswordAsync(BackendApp.Additional2, "12345678", "abcd5678", "abcd5678"))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        Passwords.Credential? set = await _b.Services.GetRequiredService<Passwords.CredentialStore>().GetAsync(BackendApp.Additional2);
        Assert.True(set is { IsTemporary: false } && _b.Services.GetRequiredService<Passwords.PasswordHasher>().Verify("abcd5678", set.Hash));
        // GET /top on B (form for logout), POST /logout on A: the session ends on both.
        (_, string page) = await browser.GetAsync("/top");
        using (HttpResponseMessage logout = await browser.Client.PostAsync("/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", Browser.Token(page))])))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }
        foreach (BackendApp instance in new[] { _a, _b })
        {
            (HttpStatusCode after, _) = await browser.GetAsync("/top");
            Assert.Equal(HttpStatusCode.SeeOther, after); // to /login, on either instance
        }
    }

    [Fact]
    public async Task TheLoginLimitHoldsAcrossInstances()
    {
        const int guesses = 60;
        await _a.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "12345678");
        // Each guess from its own address, so only the per-number limit applies; half reach A with B's form, half B with A's.
        var browsers = new (Browser Browser, string Token)[guesses];
        for (int i = 0; i < guesses; i++)
        {
            Browser b = RoundRobinBrowser($"198.51.100.{i + 1}");
            if (i % 2 == 1) { await b.GetAsync("/howto"); } // shifts this browser's turn: its form from B, its POST to A
            (_, string form) = await b.GetAsync("/login");
            browsers[i] = (b, Browser.Token(form));
        }
        using var go = new ManualResetEventSlim();
        Task<(HttpStatusCode, string)>[] posts = browsers.Select((b, i) => Task.Run(async () =>
        {
            go.Wait();
            using HttpResponseMessage r = await b.Browser.Client.PostAsync("/login", new FormUrlEncodedContent(
                [new("number", BackendApp.Contract), new("password", $"9{i:D7}"), new("__RequestVerificationToken", b.Token)]));
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        })).ToArray();
        go.Set();
        (HttpStatusCode Status, string Html)[] answers = await Task.WhenAll(posts);
        foreach ((Browser b, _) in browsers) { b.Dispose(); }
        int verified = answers.Count(a => a.Status == HttpStatusCode.OK && a.Html.Contains(SiteApi.LoginFailed));
        int refused = answers.Count(a => a.Status == HttpStatusCode.TooManyRequests);
        _output.WriteLine($"two instances, {guesses} parallel guesses at one number: {verified} verified, {refused} refused (limit {new LoginThrottleOptions().BackoffAfterFailures})");
        Assert.Equal(guesses, verified + refused);
        Assert.InRange(verified, 1, new LoginThrottleOptions().BackoffAfterFailures);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheSharedKeyRingIsEncryptedInTheDatabaseUnderTheKeyRingKeyFile()
    {
        using (Browser browser = RoundRobinBrowser())
        {
            await browser.GetAsync("/login"); // a form: the key ring's first key is made
        }
        await using System.Data.Common.DbConnection c = await _a.Services.GetRequiredService<Database>().OpenAsync();
        await using System.Data.Common.DbCommand cmd = Database.Command(c, "SELECT xml FROM data_protection_keys", null);
        await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await r.ReadAsync()) { keys.Add(r.GetString(0)); }
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml); // the secret part, in the clear without an encryptor
            Assert.Contains(typeof(KeyRingDecryptor).FullName!, xml);
        });
        Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(Path.Combine(_b.DataDirectory, "key-ring.key")), 8));
    }

    [Fact]
    public async Task RecordsForOneNumberArrivingAtOnceOnBothInstancesLeaveTheNewestPassword()
    {
        const int records = 20;
        DateTimeOffset now = _a.Clock.GetUtcNow();
        // Call ends 1..20 s ago, posted all at once, alternately to A and B: whatever the order, the newest call's password stays (TP-16).
        JsonObject[] bodies = Enumerable.Range(0, records).Select(i => _a.Record(password: $"5555{i:D4}", callEnd: now.AddSeconds(-1 - i))).ToArray();
        HttpResponseMessage[] answers = await Task.WhenAll(bodies.Select((body, i) => Task.Run(() => (i % 2 == 0 ? _a : _b).PostRecordAsync(body))));
        string[] statuses = new string[records];
        for (int i = 0; i < records; i++)
        {
            Assert.Equal(HttpStatusCode.Created, answers[i].StatusCode);
            statuses[i] = System.Text.Json.JsonDocument.Parse(await answers[i].Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!;
            answers[i].Dispose();
        }
        Assert.Equal("applied", statuses[0]);
        Passwords.Credential? credential = await _b.Services.GetRequiredService<Passwords.CredentialStore>().GetAsync(BackendApp.Contract);
        Assert.NotNull(credential);
        Assert.Equal(now.AddSeconds(-1).ToUnixTimeMilliseconds(), credential.SetAt.ToUnixTimeMilliseconds());
        Assert.True(_a.Services.GetRequiredService<Passwords.PasswordHasher>().Verify("55550000", credential.Hash));
    }

    [Fact]
    public async Task ARecordDeliveredToBothInstancesAtOnceIsAppliedOnce()
    {
        const int records = 10;
        for (int i = 0; i < records; i++)
        {
            _a.Clock.Advance(TimeSpan.FromSeconds(1));
            _b.Clock.Advance(TimeSpan.FromSeconds(1));
            JsonObject record = _a.Record(password: $"1234{i:D4}");
            Task<HttpResponseMessage>[] both = [_a.PostRecordAsync(record), _b.PostRecordAsync(record)];
            HttpResponseMessage[] answers = await Task.WhenAll(both);
            Assert.All(answers, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            Assert.Single(answers, r => !r.Headers.Contains("Idempotent-Replayed")); // applied by one, replayed by the other
            Assert.Equal(await answers[0].Content.ReadAsStringAsync(), await answers[1].Content.ReadAsStringAsync());
            foreach (HttpResponseMessage r in answers) { r.Dispose(); }
        }
        await using System.Data.Common.DbConnection c = await _b.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(records, (long)(await Database.ScalarAsync(c, "SELECT count(*) FROM records", default))!);
    }
}

/// <summary>Two instances on one PostgreSQL database: the production layout.</summary>
public sealed class StatelessInstancesTestsOnPostgreSql(ITestOutputHelper output) : StatelessInstancesTests(output, StoreProvider.PostgreSql);

/// <summary>Two instances on one SQLite file (one machine): the same guarantees from the embedded store.</summary>
public sealed class StatelessInstancesTestsOnSqlite(ITestOutputHelper output) : StatelessInstancesTests(output, StoreProvider.Sqlite);
