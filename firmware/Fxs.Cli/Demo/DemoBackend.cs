using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Demo;

// The demo's carrier side: the reference backend in this process (loopback, an ephemeral port, a
// temporary data folder, the demo gateway's freshly made client certificate pinned in its
// provisioning) or one already running (--backend URL, with --device-cert; its site at --site URL
// or the port before, see DefaultSiteUrl); the gateway's relay (OutboxSink into a temporary outbox,
// RelaySender over pinned mutual TLS); and an HTTP login to the settings site.
internal sealed partial class DemoBackend : IDisposable
{
    public const string DeviceId = "hgw-0001";

    private readonly string _dir;
    private readonly WebApplication? _app;
    private readonly X509Certificate2 _deviceCertificate;
    private readonly Outbox _outbox;
    private readonly RelaySender _sender;
    private readonly RelayOptions _options;
    private readonly List<string> _errors = new();

    private DemoBackend(string dir, WebApplication? app, Uri url, Uri site, string pin, X509Certificate2 device)
    {
        _dir = dir;
        _app = app;
        Url = url;
        SiteUrl = site;
        _deviceCertificate = device;
        _options = new RelayOptions
        {
            DeviceId = DeviceId,
            BackendUrl = url,
            BackendSpkiSha256 = new List<string> { pin },
            OutboxPath = Path.Combine(dir, "outbox.db"),
            InProcessRetries = 1,
            InProcessBaseDelay = TimeSpan.FromMilliseconds(50),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        _outbox = new Outbox(_options.OutboxPath);
        _sender = new RelaySender(_outbox, _options, TimeProvider.System, device);
    }

    /// <summary>The device API (the relay's BackendUrl).</summary>
    public Uri Url { get; }

    /// <summary>The settings site (the same listener as <see cref="Url"/> for the backend started in this process).</summary>
    public Uri SiteUrl { get; }

    /// <summary>
    /// The settings site of the backend whose device API is at <paramref name="deviceApi"/>, when
    /// --site does not say: the port before the device API's (the backend's two listeners come in
    /// pairs, site :5443 and device API :5444 in development, :15443 and :15444 in production;
    /// backend/README.md), or the same URL when it names no port (one front server for both).
    /// </summary>
    public static Uri DefaultSiteUrl(Uri deviceApi)
    {
        if (deviceApi.IsDefaultPort || deviceApi.Port <= 1) { return deviceApi; }
        return new UriBuilder(deviceApi) { Port = deviceApi.Port - 1 }.Uri;
    }

    public bool InProcess => _app is not null;

    public string Pin => _options.BackendSpkiSha256[0];

    /// <summary>The reference backend in this process, provisioned with the demo's line and gateway.</summary>
    public static async Task<DemoBackend> StartAsync(string contract, string[] additional, string[] portNotify)
    {
        string dir = Directory.CreateTempSubdirectory("fxs-demo-").FullName;
        string data = Path.Combine(dir, "backend");
        Directory.CreateDirectory(data);
        X509Certificate2 device = DevCertificate.Create(DeviceId, DateTimeOffset.UtcNow, serverAuth: false);
        X509Certificate2 server = DevCertificate.LoadOrCreate(data, TimeProvider.System);
        string provisioning = Path.Combine(dir, "provisioning.json");
        var doc = new
        {
            lines = new[]
            {
                new
                {
                    lineId = "line-0001", area = "east",
                    contract = new { number = contract, services = new[] { "voiceWarp" } },
                    additional = additional.Select(n => new { number = n, services = Array.Empty<string>() }).ToArray(),
                },
            },
            gateways = new[]
            {
                new
                {
                    deviceId = DeviceId, lineId = "line-0001",
                    clientCertificateSha256 = device.GetCertHashString(HashAlgorithmName.SHA256),
                    ports = portNotify.Select((n, i) => new { port = i + 1, notifyNumber = n }).ToArray(),
                },
            },
        };
        await File.WriteAllTextAsync(provisioning, JsonSerializer.Serialize(doc));

        WebApplication app = await BackendHost.BuildAsync(new WebApplicationOptions { ContentRootPath = dir, Args = Array.Empty<string>() }, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Backend:DataDirectory"] = data,
                ["Backend:ProvisioningFile"] = provisioning,
            });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps()));
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        var backend = new DemoBackend(dir, app, url, url, RelayOptions.SpkiPin(server), device);
        await backend.FetchSealingKeyAsync();
        return backend;
    }

    /// <summary>
    /// A backend already running, its device API at <paramref name="url"/> (which pins
    /// <paramref name="device"/> for the demo's gateway) and its settings site at <paramref name="site"/>
    /// (the same server key: both listeners of one backend show it).
    /// </summary>
    public static async Task<DemoBackend> ConnectAsync(Uri url, Uri site, X509Certificate2 device, string? pin)
    {
        string dir = Directory.CreateTempSubdirectory("fxs-demo-").FullName;
        pin ??= await FirstUsePinAsync(url);
        var backend = new DemoBackend(dir, null, url, site, pin, device);
        await backend.FetchSealingKeyAsync();
        return backend;
    }

    // Trust on first use: the SPKI pin of the key the backend shows now.
    private static async Task<string> FirstUsePinAsync(Uri url)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(url.Host);
        using var leaf = new X509Certificate2(tls.RemoteCertificate!);
        return RelayOptions.SpkiPin(leaf);
    }

    private async Task FetchSealingKeyAsync()
    {
        _options.CarrierSealingKey = Convert.ToBase64String(await _sender.FetchSealingKeyAsync());
        _options.Validate();
    }

    /// <summary>The relay's sink for one call on <paramref name="board"/> (line time for the record's clock anchor).</summary>
    public OutboxSink Sink(SimBoard board) =>
        OutboxSink.Create(_outbox, _options, TimeProvider.System, () => board.NowSamples, e => _errors.Add(e.GetType().Name + ": " + e.Message));

    /// <summary>Sends what is due; one transcript line per record, what the backend answered.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(string recordId)
    {
        var lines = new List<string>();
        foreach (string e in _errors) { lines.Add("relay: record not stored: " + e); }
        _errors.Clear();
        await _sender.SendDueAsync();
        OutboxRow? row = _outbox.Find(recordId);
        if (row is null)
        {
            lines.Add("relay: record " + recordId + " is not in the outbox");
        }
        else if (row.State == OutboxState.Delivered && row.Answer is not null)
        {
            using JsonDocument answer = JsonDocument.Parse(row.Answer);
            JsonElement r = answer.RootElement;
            lines.Add("backend: record " + recordId + " " + r.GetProperty("status").GetString() + " (" + r.GetProperty("targetNumber").GetString()
                + ", expires " + r.GetProperty("expiresAt").GetString() + ")");
        }
        else
        {
            lines.Add("backend: record " + recordId + " not delivered (" + row.State + ", attempts " + row.Attempts + "): " + row.LastError);
        }
        return lines;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>
    /// Logs in to the settings site over HTTPS (the backend's key pinned) with
    /// <paramref name="number"/> and <paramref name="password"/>: true when the site answers
    /// 302 to /top and the top page then shows the number.
    /// </summary>
    public async Task<(bool Ok, string Detail)> LoginAsync(string number, string password)
    {
        byte[] pin = _options.Pins()[0];
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()), pin),
        };
        using var http = new HttpClient(handler) { BaseAddress = SiteUrl };
        string page;
        try
        {
            page = await http.GetStringAsync("login");
        }
        catch (HttpRequestException e)
        {
            // e.g. the device API's port given as the site: its listener wants a client certificate and serves no site.
            return (false, "GET " + SiteUrl + "login failed: " + e.Message + " (is --site the settings site?)");
        }
        Match token = TokenPattern().Match(page);
        if (!token.Success) { return (false, "no login form at " + SiteUrl + "login"); }
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["number"] = number,
            ["password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using HttpResponseMessage posted = await http.PostAsync("login", form);
        string location = posted.Headers.Location?.ToString() ?? "";
        if (posted.StatusCode != HttpStatusCode.Redirect || location != "/top")
        {
            return (false, "POST /login answered " + (int)posted.StatusCode + (location.Length > 0 ? " → " + location : "") + " (refused)");
        }
        string top = await http.GetStringAsync("top");
        return top.Contains(number, StringComparison.Ordinal)
            ? (true, "POST /login 302 → /top, the top page shows " + number)
            : (false, "the top page does not show " + number);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _outbox.Dispose();
        if (_app is not null)
        {
            _app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)_app).Dispose();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
