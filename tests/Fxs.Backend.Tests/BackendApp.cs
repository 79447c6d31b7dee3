using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fxs.Backend.Data;
using Fxs.Backend.Hosting;
using Fxs.Relay.Sealing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Backend.Tests;

/// <summary>
/// The backend in memory (TestServer) on a fresh store: a SQLite file in a temporary folder, or a
/// fresh database on the tests' PostgreSQL server (<see cref="PostgresServer"/>); or, as a second
/// instance, the very store of another <see cref="BackendApp"/> (issue #17: stateless instances),
/// given only the secret files every instance of a deployment shares. A fake
/// clock, cheap password hashing (Argon2id with 8 KiB and 1 iteration) and two test gateways whose client
/// certificates are handed in through a test-only header (the TLS handshake is not in TestServer).
/// </summary>
public sealed class BackendApp : WebApplicationFactory<Program>
{
    public const string Contract = "0300001111";
    public const string Additional2 = "0300002222";
    public const string Additional3 = "0300003333";
    public const string OtherLineContract = "0611114444"; // Osaka; "060…" is an 11-digit prefix (TP-3, tests/shared/line-numbers.tsv)
    public const string Gateway1 = "hgw-0001";
    public const string Gateway2 = "hgw-0002";

    private static readonly Lazy<(X509Certificate2 Gw1, X509Certificate2 Gw2, X509Certificate2 Stranger)> Certs = new(() =>
    {
        DateTimeOffset now = Start.AddDays(-30); // valid on the fake clock: one year from 2025-05-02
        return (DevCertificate.Create(Gateway1, now, serverAuth: false), DevCertificate.Create(Gateway2, now, serverAuth: false),
            DevCertificate.Create("stranger", now, serverAuth: false));
    });

    /// <summary>The provisioned device CA (dev CA, a year before <see cref="Start"/>) and one from another carrier.</summary>
    private static readonly Lazy<(X509Certificate2 Ca, X509Certificate2 OtherCa)> Cas = new(() =>
        (DevCertificates.CreateCa(Start.AddDays(-365)), DevCertificates.CreateCa(Start.AddDays(-365), "Another carrier's CA")));

    public static X509Certificate2 DeviceCa => Cas.Value.Ca;
    public static X509Certificate2 OtherCa => Cas.Value.OtherCa;

    /// <summary>The files each instance of one deployment is given (backend/README.md, "At scale"): the pepper, the key ring's key, the carrier's sealing key.</summary>
    public static readonly string[] SharedSecretFiles = ["password-pepper.keys", "key-ring.key", "carrier-sealing-key.pem"];

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-backend-").FullName;
    private readonly string? _brand;
    private readonly int _argon2idMemoryKiB;
    private string? _postgresSchema; // the schema this app took (and gives back), if PostgreSQL and not a second instance

    /// <param name="brand">Site:Brand, or the default.</param>
    /// <param name="argon2idMemoryKiB">Hash cost (Argon2id, 1 iteration); the throttle race test raises it so each verification takes milliseconds, as in production.</param>
    /// <param name="store">The store: SQLite (default) or PostgreSQL.</param>
    /// <param name="sameStoreAs">A started instance whose store (and shared secret files) this one uses: a second instance of the same deployment.</param>
    public BackendApp(string? brand = null, int argon2idMemoryKiB = 8, StoreProvider store = StoreProvider.Sqlite, BackendApp? sameStoreAs = null)
    {
        _brand = brand;
        _argon2idMemoryKiB = argon2idMemoryKiB;
        Store = sameStoreAs?.Store ?? store;
        if (sameStoreAs is not null)
        {
            ConnectionString = sameStoreAs.ConnectionString;
            DatabasePath = sameStoreAs.DatabasePath;
            foreach (string file in SharedSecretFiles)
            {
                File.Copy(Path.Combine(sameStoreAs.DataDirectory, file), Path.Combine(_dir, file));
            }
        }
        else if (Store == StoreProvider.PostgreSql)
        {
            ConnectionString = PostgresServer.CreateStore(out string name);
            _postgresSchema = name;
        }
        else
        {
            DatabasePath = Path.Combine(_dir, "backend.db");
        }
    }

    public StoreProvider Store { get; }

    /// <summary>PostgreSQL: the database's connection string.</summary>
    public string? ConnectionString { get; }

    /// <summary>SQLite: the database file.</summary>
    public string? DatabasePath { get; }

    /// <summary>The data folder (database, keys, certificates).</summary>
    public string DataDirectory => _dir;

    public static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>More settings (key, value), applied last; set before the first request.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    public static X509Certificate2 Gateway1Cert => Certs.Value.Gw1;
    public static X509Certificate2 Gateway2Cert => Certs.Value.Gw2;
    public static X509Certificate2 StrangerCert => Certs.Value.Stranger;

    public byte[] SealingPublicKey => Services.GetRequiredService<CarrierSealingKey>().PublicKeySpki;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        string provisioning = Path.Combine(_dir, "provisioning.json");
        File.WriteAllText(Path.Combine(_dir, DevCertificates.CaCertificateFile), DeviceCa.ExportCertificatePem());
        File.WriteAllText(provisioning, $$"""
            {
              "deviceCaCertificate": "{{DevCertificates.CaCertificateFile}}",
              "lines": [
                { "lineId": "line-0001", "area": "east",
                  "contract": { "number": "{{Contract}}", "services": ["voiceWarp", "incomingCallMail", "faxMail"] },
                  "additional": [ { "number": "{{Additional2}}", "services": ["incomingCallMail"] }, { "number": "{{Additional3}}", "services": [] } ] },
                { "lineId": "line-0002", "area": "west", "contract": { "number": "{{OtherLineContract}}", "services": ["faxMail"] } }
              ],
              "gateways": [
                { "deviceId": "{{Gateway1}}", "lineId": "line-0001", "clientCertificateSha256": "{{Gateway1Cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}}",
                  "ports": [ { "port": 1, "notifyNumber": "{{Contract}}" }, { "port": 2, "notifyNumber": "{{Additional2}}" } ] },
                { "deviceId": "{{Gateway2}}", "lineId": "line-0002", "clientCertificateSha256": "{{Gateway2Cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}}",
                  "ports": [ { "port": 1, "notifyNumber": "{{OtherLineContract}}" } ] }
              ]
            }
            """);
        builder.UseSetting("Backend:DataDirectory", _dir);
        builder.UseSetting("Store:Provider", Store.ToString());
        if (Store == StoreProvider.PostgreSql) { builder.UseSetting("Store:ConnectionString", ConnectionString); }
        else { builder.UseSetting("Backend:DatabasePath", DatabasePath); }
        builder.UseSetting("Backend:ProvisioningFile", provisioning);
        builder.UseSetting("Passwords:Pbkdf2Iterations", "1000");
        builder.UseSetting("Passwords:Argon2idIterations", "1");
        builder.UseSetting("Passwords:Argon2idMemoryKiB", _argon2idMemoryKiB.ToString(CultureInfo.InvariantCulture));
        if (_brand is not null) { builder.UseSetting("Site:Brand", _brand); }
        // Issue #17 item 4: no shedding in the tests' bursts of other races (20 records at once on two instances); SheddingTests sets its own limit.
        builder.UseSetting("Shedding:PermitLimit", "1000");
        foreach ((string key, string value) in Settings) { builder.UseSetting(key, value); }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, TestConnectionFilter>();
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Once: the factory's Dispose and DisposeAsync both come here, and a schema given back twice would serve two tests.
        if (Interlocked.Exchange(ref _postgresSchema, null) is string schema) { PostgresServer.DropStore(schema); }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A gateway's HTTP client: its client certificate goes with every request.</summary>
    public HttpClient DeviceClient(X509Certificate2? cert = null)
    {
        HttpClient client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestConnectionFilter.CertHeader, Convert.ToBase64String((cert ?? Gateway1Cert).RawData));
        return client;
    }

    /// <summary>A browser: HTTPS, cookies kept, redirects not followed; <paramref name="ip"/> is its address.</summary>
    public Browser Browser(string ip = "192.0.2.10")
    {
        HttpClient client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(TestConnectionFilter.IpHeader, ip);
        return new Browser(client);
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A valid record (a 75 s call that ended 10 s ago), password sealed to this backend's key (v2: every field bound; or v1).</summary>
    public JsonObject Record(string? recordId = null, int unit = 1, string target = Contract, string notify = Contract,
        string password = "12345678", DateTimeOffset? callEnd = null, string device = Gateway1, string scheme = PasswordSealing.SchemeV2)
    {
        recordId ??= Guid.NewGuid().ToString();
        DateTimeOffset end = DateTimeOffset.FromUnixTimeMilliseconds((callEnd ?? Clock.GetUtcNow().AddSeconds(-10)).ToUnixTimeMilliseconds());
        DateTimeOffset start = end.AddSeconds(-75);
        byte[] sealedPassword = scheme == PasswordSealing.SchemeV2
            ? PasswordSealing.SealRecord(SealingPublicKey, PasswordSealing.RecordFields(recordId, device, unit, target, notify, "0363044747",
                start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), 75_000, 1), Encoding.ASCII.GetBytes(password))
            : PasswordSealing.Seal(SealingPublicKey, recordId, Encoding.ASCII.GetBytes(password));
        return new JsonObject
        {
            ["recordId"] = recordId,
            ["deviceId"] = device,
            ["unit"] = unit,
            ["targetNumber"] = target,
            ["notifyNumber"] = notify,
            ["accessNumber"] = "0363044747",
            ["callStart"] = Utc(start),
            ["callEnd"] = Utc(end),
            ["durationMs"] = 75_000,
            ["chargeUnits"] = 1,
            ["sealing"] = scheme,
            ["sealedPassword"] = Convert.ToBase64String(sealedPassword),
        };
    }

    public async Task<HttpResponseMessage> PostRecordAsync(JsonNode record, X509Certificate2? cert = null)
    {
        using HttpClient client = DeviceClient(cert);
        return await client.PostAsync("/device/v1/records", new StringContent(record.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    /// <summary>Sets a temporary password as a call would (TP-7..TP-12) and checks it was applied.</summary>
    public async Task SetTemporaryAsync(int unit, string target, string notify, string password)
    {
        using HttpResponseMessage r = await PostRecordAsync(Record(unit: unit, target: target, notify: notify, password: password));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("applied", answer.RootElement.GetProperty("status").GetString());
    }

    /// <summary>Test-only: the client certificate and address that a TLS connection would carry.</summary>
    private sealed class TestConnectionFilter : IStartupFilter
    {
        public const string CertHeader = "X-Test-Client-Cert";
        public const string IpHeader = "X-Test-Client-Ip";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(CertHeader, out var cert))
                {
                    context.Connection.ClientCertificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(cert.ToString()));
                }
                if (context.Request.Headers.TryGetValue(IpHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>A browser session on the site: GET a form, post it back with its antiforgery token.</summary>
public sealed partial class Browser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string Token(string html) => TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("no antiforgery token in the page");

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using HttpResponseMessage r = await Client.GetAsync(path);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    /// <summary>GETs <paramref name="formPage"/>, then posts <paramref name="fields"/> with the page's token to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        (_, string html) = await GetAsync(formPage);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", Token(html)));
        return await Client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> LoginAsync(string number, string password) =>
        SubmitAsync("/login", "/login", ("number", number), ("password", password));

    public async Task<HttpResponseMessage> ChangePasswordAsync(string target, string current, string newPassword, string confirm) =>
        await SubmitAsync("/password?number=" + target, "/password",
            ("number", target), ("currentPassword", current), ("newPassword", newPassword), ("confirmPassword", confirm));

    public void Dispose() => Client.Dispose();
}
