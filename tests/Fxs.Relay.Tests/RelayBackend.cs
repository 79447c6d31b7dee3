using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Backend.Data;
using Fxs.Backend.Hosting;
using Fxs.Backend.Passwords;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Fxs.Relay.Tests;

/// <summary>
/// The real carrier backend on a real loopback HTTPS port (Kestrel in process), on a fresh data
/// folder whose server certificate and carrier sealing key are made before the first start, so
/// that the relay's configuration (SPKI pin, sealing key) is known while the backend is still
/// down. It can be stopped and started again on the same port and data (the backend "comes back").
/// The gateway <see cref="DeviceId"/>'s client certificate is pinned in its provisioning.
/// </summary>
public sealed class RelayBackend : IDisposable
{
    public const string DeviceId = "hgw-0001";
    public const string Contract = IvrCall.Contract;
    public const string Additional2 = IvrCall.Additional2;
    public const string Additional3 = IvrCall.Additional3;

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-relay-backend-").FullName;
    private readonly Func<HttpContext, RequestDelegate, Task>? _middleware;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Factory? _app;

    /// <param name="middleware">Optional: runs first on every request (the power-cut harness watches and interrupts deliveries with it).</param>
    /// <param name="settings">Optional: more backend settings (key, value), applied after the defaults (the shedding limit, a costlier hash).</param>
    public RelayBackend(Func<HttpContext, RequestDelegate, Task>? middleware = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _middleware = middleware;
        _settings = settings ?? new Dictionary<string, string>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DeviceCertificate = DevCertificate.Create(DeviceId, now, serverAuth: false);
        StrangerCertificate = DevCertificate.Create(DeviceId, now, serverAuth: false); // same name, not pinned
        ServerCertificate = DevCertificate.LoadOrCreate(_dir, TimeProvider.System);
        using (var key = new CarrierSealingKey(Path.Combine(_dir, "carrier-sealing-key.pem"))) { SealingKeySpki = key.PublicKeySpki; }
        Port = LoopbackPorts.Free(); // kept across Stop and Start: the backend comes back where the relay knows it
        File.WriteAllText(ProvisioningPath, $$"""
            {
              "lines": [
                { "lineId": "line-0001", "area": "east",
                  "contract": { "number": "{{Contract}}", "services": ["voiceWarp"] },
                  "additional": [ { "number": "{{Additional2}}", "services": [] }, { "number": "{{Additional3}}", "services": [] } ] }
              ],
              "gateways": [
                { "deviceId": "{{DeviceId}}", "lineId": "line-0001",
                  "clientCertificateSha256": "{{DeviceCertificate.GetCertHashString(HashAlgorithmName.SHA256)}}",
                  "ports": [ { "port": 1, "notifyNumber": "{{Contract}}" }, { "port": 2, "notifyNumber": "{{Additional2}}" } ] }
              ]
            }
            """);
    }

    public X509Certificate2 DeviceCertificate { get; }
    public X509Certificate2 StrangerCertificate { get; }
    public X509Certificate2 ServerCertificate { get; }
    public byte[] SealingKeySpki { get; }
    public int Port { get; }
    public Uri Url => new($"https://127.0.0.1:{Port}/");
    public string DataDirectory => _dir;
    private string ProvisioningPath => Path.Combine(_dir, "provisioning.json");

    public bool IsRunning => _app is not null;

    /// <summary>A relay configuration for this backend (pin, sealing key) with quick retries, its outbox at <paramref name="outboxPath"/>.</summary>
    public RelayOptions RelayOptions(string outboxPath, int inProcessRetries = 0) => new()
    {
        DeviceId = DeviceId,
        BackendUrl = Url,
        BackendSpkiSha256 = [Fxs.Relay.RelayOptions.SpkiPin(ServerCertificate)],
        CarrierSealingKey = Convert.ToBase64String(SealingKeySpki),
        OutboxPath = outboxPath,
        InProcessRetries = inProcessRetries,
        InProcessBaseDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    public void Start()
    {
        if (_app is not null) { return; }
        var app = new Factory(_dir, ProvisioningPath, _middleware, _settings);
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, Port, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseHttps(); }));
        app.StartServer();
        _app = app;
    }

    public void Stop()
    {
        _app?.Dispose();
        _app = null;
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Records the backend has stored (whatever their status).</summary>
    public async Task<long> RecordCountAsync()
    {
        await using System.Data.Common.DbConnection c = await Services.GetRequiredService<Database>().OpenAsync();
        return Convert.ToInt64(await Database.ScalarAsync(c, "SELECT COUNT(*) FROM records", default));
    }

    /// <summary>Every stored record's ID with how many rows the backend holds for it.</summary>
    public async Task<Dictionary<string, long>> RecordIdCountsAsync()
    {
        await using System.Data.Common.DbConnection c = await Services.GetRequiredService<Database>().OpenAsync();
        await using System.Data.Common.DbCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT record_id, COUNT(*) FROM records GROUP BY record_id";
        await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await r.ReadAsync()) { counts[r.GetString(0)] = r.GetInt64(1); }
        return counts;
    }

    /// <summary>The backend's stored answer (JSON: status, setAt, expiresAt) and receipt time of every record, by record ID.</summary>
    public async Task<Dictionary<string, (string Answer, DateTimeOffset ReceivedAt)>> AnswersAsync()
    {
        await using System.Data.Common.DbConnection c = await Services.GetRequiredService<Database>().OpenAsync();
        await using System.Data.Common.DbCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT record_id, answer, received_at_ms FROM records";
        await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
        var answers = new Dictionary<string, (string, DateTimeOffset)>();
        while (await r.ReadAsync()) { answers[r.GetString(0)] = (r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))); }
        return answers;
    }

    /// <summary>True when <paramref name="password"/> is now the number's valid password (what the site's login checks).</summary>
    public async Task<bool> PasswordLogsInAsync(string number, string password)
    {
        Credential? credential = await Services.GetRequiredService<CredentialStore>().GetAsync(number);
        return credential is not null && credential.IsTemporary && credential.IsValidAt(DateTimeOffset.UtcNow) && Services.GetRequiredService<PasswordHasher>().Verify(password, credential.Hash);
    }

    private IServiceProvider Services => (_app ?? throw new InvalidOperationException("backend not running")).Services;

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }


    private sealed class Factory(string dir, string provisioning, Func<HttpContext, RequestDelegate, Task>? middleware, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            if (middleware is not null)
            {
                builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new First(middleware)));
            }
            builder.UseSetting("Backend:DataDirectory", dir);
            builder.UseSetting("Backend:ProvisioningFile", provisioning);
            builder.UseSetting("Passwords:Pbkdf2Iterations", "1000");
            // Cheap Argon2id (the default hash since issue #13): tests time the relay, not the hash.
            builder.UseSetting("Passwords:Argon2idIterations", "1");
            builder.UseSetting("Passwords:Argon2idMemoryKiB", "8");
            foreach ((string key, string value) in settings) { builder.UseSetting(key, value); }
        }
    }

    private sealed class First(Func<HttpContext, RequestDelegate, Task> middleware) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(middleware);
            next(app);
        };
    }
}
