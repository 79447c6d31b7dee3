using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fxs.Backend.Data;
using Fxs.Backend.Hosting;
using Fxs.Relay;
using Fxs.Relay.Sealing;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Fxs.Backend.Tests.Balancer;

/// <summary>The balancer test runs alone: it starts processes and kills one, timing-sensitive on 2 shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BalancerCollection
{
    public const string Name = "Balancer";
}

/// <summary>
/// Issue #17 item 3: three backend instances as real processes on one PostgreSQL store (the
/// tests' server, <see cref="PostgresServer"/>), Debian's HAProxy in TCP mode in front of them
/// (<see cref="Haproxy.Config"/>: mutual TLS ends at the instances, the client's address by PROXY
/// protocol v2), a gateway (the relay's real outbox and sender, records from the real IVR)
/// delivering through the balancer while the instance serving it is killed, and a site session
/// that outlives the instance it was served by. Filter: <c>--filter Category=Balancer</c>.
/// </summary>
[Trait("Category", "Balancer")]
[Collection(BalancerCollection.Name)]
public sealed class BalancerTests(ITestOutputHelper output) : IDisposable
{
    private const string DeviceId = "hgw-0001";
    private const int Records = 40;
    private const string SitePassword = "24681357";

    /// <summary>The balancer's source address towards the instances: PROXY headers are trusted from it alone (127.0.0.0/8 is all loopback on Linux).</summary>
    private static readonly IPAddress BalancerSource = IPAddress.Parse("127.0.0.2");

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-balancer-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task ThroughHaproxyARelayLosesAndDuplicatesNothingWhileItsInstanceIsKilledAndASiteSessionOutlivesItsInstance()
    {
        var wall = Stopwatch.StartNew();
        string connectionString = PostgresServer.CreateStore(out string schema);
        X509Certificate2 deviceCertificate = DevCertificate.Create(DeviceId, DateTimeOffset.UtcNow, serverAuth: false);
        (string provisioning, X509Certificate2 serverCertificate, byte[] sealingKey) = SharedFiles(deviceCertificate);
        var instances = new List<BackendProcess>();
        try
        {
            foreach (string name in new[] { "a", "b", "c" })
            {
                string data = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
                foreach (string file in BackendApp.SharedSecretFiles.Append("dev-tls.pfx")) { File.Copy(Path.Combine(_dir, "shared", file), Path.Combine(data, file)); }
                instances.Add(new BackendProcess(name, data, provisioning, connectionString, BalancerSource));
            }
            await Task.WhenAll(instances.Select(async i =>
            {
                await i.WaitHealthyAsync(StartTimeout);
                output.WriteLine($"{wall.Elapsed.TotalSeconds:F1} s: instance {i.Name} healthy");
            }));
            using var haproxy = new Haproxy(instances, BalancerSource);
            await haproxy.WaitAllUpAsync(TimeSpan.FromSeconds(10));
            output.WriteLine($"{wall.Elapsed.TotalSeconds:F1} s: 3 instances and haproxy up");

            // The gateway: the relay's outbox, sink and sender, to the balancer's device port, retries quick (the test's time).
            RelayOptions options = new()
            {
                DeviceId = DeviceId,
                BackendUrl = new Uri($"https://127.0.0.1:{haproxy.DevicePort}/"),
                BackendSpkiSha256 = [RelayOptions.SpkiPin(serverCertificate)], // every instance has the same key: one pin
                CarrierSealingKey = Convert.ToBase64String(sealingKey),
                OutboxPath = Path.Combine(_dir, "outbox.db"),
                InProcessRetries = 2,
                InProcessBaseDelay = TimeSpan.FromMilliseconds(50),
                BaseRetryDelay = TimeSpan.FromMilliseconds(200),
                MaxRetryDelay = TimeSpan.FromSeconds(1),
                AttemptTimeout = TimeSpan.FromSeconds(5),
                PollInterval = TimeSpan.FromMilliseconds(100),
            };
            using Outbox outbox = options.OpenOutbox();
            using var sender = new RelaySender(outbox, options, TimeProvider.System, deviceCertificate);
            OutboxSink sink = OutboxSink.Create(outbox, options, TimeProvider.System, onStored: sender.Notify);

            // A site session on an additional number (its password from a call, TP-10), through the balancer.
            new IvrCall(sink, notify: IvrCall.Additional2).Run(SitePassword, '3');
            Assert.Equal(1, (await sender.SendDueAsync()).Delivered);
            using Browser browser = BrowserThrough(haproxy);
            using (HttpResponseMessage wrong = await browser.LoginAsync(IvrCall.Additional2, "13572468")) { Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); }
            using (HttpResponseMessage login = await browser.LoginAsync(IvrCall.Additional2, SitePassword))
            {
                Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            }
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/top")).Status);
            string sessionInstance = Assert.Single(await haproxy.StatsAsync(), s => s.Backend == "site" && s.CurrentSessions > 0).Server;

            // The client's address reached the instances through PROXY protocol: the failed login counted against 127.0.0.1, not the balancer.
            List<string> keys = await FailureKeysAsync(connectionString);
            Assert.Contains("client:127.0.0.1", keys);
            Assert.DoesNotContain("client:" + BalancerSource, keys);

            // Calls come in while the relay delivers; once a third are delivered, the instance holding the relay's connection is killed.
            using var stop = new CancellationTokenSource();
            Task relay = sender.RunAsync(stop.Token);
            Task calls = Task.Run(async () =>
            {
                for (int i = 0; i < Records; i++)
                {
                    new IvrCall(sink).Run(Password(i));
                    await Task.Delay(25);
                }
            });
            var run = Stopwatch.StartNew();
            await WaitForAsync(() => Delivered(outbox) >= 1 + Records / 3, DrainTimeout, "a third of the records delivered");
            ServerStat serving = Assert.Single(await haproxy.StatsAsync(), s => s.Backend == "device" && s.CurrentSessions > 0);
            BackendProcess killed = instances.Single(i => i.Name == serving.Server);
            int deliveredAtKill = Delivered(outbox);
            var sinceKill = Stopwatch.StartNew();
            killed.Kill();
            await WaitForAsync(async () => (await haproxy.StatsAsync()).Where(s => s.Server == killed.Name).All(s => s.Status.StartsWith("DOWN", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), "the killed instance out of the pool");
            TimeSpan outOfPool = sinceKill.Elapsed;
            await calls;
            await WaitForAsync(() => Delivered(outbox) == Records + 1, DrainTimeout, "every record delivered");
            TimeSpan drained = run.Elapsed;
            await stop.CancelAsync();
            await relay;

            // Exactly once: every record of the outbox delivered and stored once; none refused. Applied or superseded: these calls are 25 ms apart (a real one lasts seconds), closer than the jitter of
            // the backend's receipt time minus the relay's ageMs by which it dates them (issue #12 item 4), so some look older.
            List<OutboxRow> rows = outbox.All().ToList();
            Assert.All(rows, r => Assert.Equal(OutboxState.Delivered, r.State));
            Dictionary<string, long> stored = await RecordCountsAsync(connectionString);
            Assert.Equal(rows.Select(r => r.RecordId).Order(), stored.Keys.Order());
            Assert.All(stored, s => Assert.Equal(1, s.Value));
            string[] statuses = rows.Select(r => JsonDocument.Parse(r.Answer!).RootElement.GetProperty("status").GetString()!).ToArray();
            Assert.All(statuses, s => Assert.Contains(s, new[] { "applied", "superseded" }));
            int retried = rows.Count(r => r.Attempts > 1);
            output.WriteLine($"{Records + 1} records through haproxy; instance {killed.Name} killed after {deliveredAtKill} delivered, out of the pool in {outOfPool.TotalMilliseconds:F0} ms; "
                + $"all delivered {drained.TotalSeconds:F1} s after the first call, each stored once ({statuses.Count(s => s == "applied")} applied, "
                + $"{statuses.Count(s => s == "superseded")} superseded; {retried} needed more than one outbox attempt)");
            // The number's password is the one its answers say is newest: the applied record with the latest setAt (rows[0] is the session's record).
            int newest = Enumerable.Range(0, Records).Where(i => statuses[i + 1] == "applied")
                .MaxBy(i => JsonDocument.Parse(rows[i + 1].Answer!).RootElement.GetProperty("setAt").GetDateTimeOffset());
            using (Browser last = BrowserThrough(haproxy))
            using (HttpResponseMessage login = await last.LoginAsync(IvrCall.Contract, Password(newest)))
            {
                Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            }

            // The session's instance goes too (unless it was the one already killed): the next request is served by another, logged in.
            BackendProcess sessionHost = instances.Single(i => i.Name == sessionInstance);
            sessionHost.Kill();
            (HttpStatusCode status, string top) = await browser.GetAsync("/top");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("03-0000-2222", top);
            ServerStat now = Assert.Single(await haproxy.StatsAsync(), s => s.Backend == "site" && s.CurrentSessions > 0);
            Assert.NotEqual(sessionInstance, now.Server);
            Assert.False(instances.Single(i => i.Name == now.Server).HasExited);
            output.WriteLine($"session made on {sessionInstance}, which was killed; the next request served by {now.Server}, still logged in; wall time {wall.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (BackendProcess i in instances) { i.Dispose(); }
            PostgresServer.DropStore(schema);
        }
    }

    private static string Password(int i) => (60_000_000 + (i * 7_919)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Delivered(Outbox outbox) => outbox.All().Count(r => r.State == OutboxState.Delivered);

    /// <summary>A browser through the balancer's site port: cookies kept, redirects not followed, the instances' dev certificate accepted.</summary>
    private static Browser BrowserThrough(Haproxy haproxy) => new(new HttpClient(new SocketsHttpHandler
    {
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    }) { BaseAddress = new Uri($"https://127.0.0.1:{haproxy.SitePort}/") });

    /// <summary>
    /// The files every instance is given (made once here, as a deployment would: backend/README.md),
    /// in <c>shared/</c>: the pepper, the key ring's key, the carrier's sealing key and the TLS
    /// certificate (one key on every instance: the gateway pins it); and the provisioning file.
    /// </summary>
    private (string Provisioning, X509Certificate2 ServerCertificate, byte[] SealingKey) SharedFiles(X509Certificate2 deviceCertificate)
    {
        string shared = Directory.CreateDirectory(Path.Combine(_dir, "shared")).FullName;
        PrivateFiles.WriteAllBytes(Path.Combine(shared, "password-pepper.keys"), System.Text.Encoding.ASCII.GetBytes(Passwords.PepperKeys.NewLine("k1")));
        _ = new KeyRingKey(Path.Combine(shared, "key-ring.key"));
        byte[] sealingKey;
        using (var key = new CarrierSealingKey(Path.Combine(shared, "carrier-sealing-key.pem"))) { sealingKey = key.PublicKeySpki; }
        X509Certificate2 server = DevCertificate.LoadOrCreate(shared, TimeProvider.System);
        string provisioning = Path.Combine(_dir, "provisioning.json");
        File.WriteAllText(provisioning, $$"""
            {
              "lines": [
                { "lineId": "line-0001", "area": "east",
                  "contract": { "number": "{{IvrCall.Contract}}", "services": ["voiceWarp"] },
                  "additional": [ { "number": "{{IvrCall.Additional2}}", "services": [] }, { "number": "{{IvrCall.Additional3}}", "services": [] } ] }
              ],
              "gateways": [
                { "deviceId": "{{DeviceId}}", "lineId": "line-0001",
                  "clientCertificateSha256": "{{deviceCertificate.GetCertHashString(HashAlgorithmName.SHA256)}}",
                  "ports": [ { "port": 1, "notifyNumber": "{{IvrCall.Contract}}" }, { "port": 2, "notifyNumber": "{{IvrCall.Additional2}}" } ] }
              ]
            }
            """);
        return (provisioning, server, sealingKey);
    }

    private static async Task<Dictionary<string, long>> RecordCountsAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT record_id, count(*) FROM records GROUP BY record_id", c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await r.ReadAsync()) { counts[r.GetString(0)] = r.GetInt64(1); }
        return counts;
    }

    private static async Task<List<string>> FailureKeysAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT DISTINCT key FROM login_failures", c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await r.ReadAsync()) { keys.Add(r.GetString(0)); }
        return keys;
    }

    private static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitForAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout) { throw new TimeoutException($"not within {timeout.TotalSeconds:F0} s: {what}"); }
            await Task.Delay(20);
        }
    }
}
