using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Cli.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Tests;

/// <summary>
/// `fxs demo --backend URL` against a backend already running with its two listeners (issue #13
/// item 7): the device API on one port, the settings site on another. The relay goes to --backend,
/// the closing login to --site, by default the port before --backend's (5443/5444, 15443/15444).
/// </summary>
public class DemoRunningBackendTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("https://127.0.0.1:5444/", "https://127.0.0.1:5443/")]
    [InlineData("https://carrier.example:15444/device-api/", "https://carrier.example:15443/device-api/")]
    [InlineData("https://carrier.example/", "https://carrier.example/")]   // no port: one front server for both
    public void TheSiteIsThePortBeforeTheDeviceApiByDefault(string backend, string site)
    {
        Assert.Equal(new Uri(site), DemoBackend.DefaultSiteUrl(new Uri(backend)));
    }

    [Fact]
    public void SiteWithoutBackendOrNotHttpsIsRefused()
    {
        CliResult r = FxsCli.Run("demo", "--out", _dir.File("x"), "--site", "https://127.0.0.1:5443/");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--site needs --backend", r.Stderr);
        Assert.Single(r.StderrLines);
        string pfx = _dir.File("device.pfx");
        File.WriteAllBytes(pfx, Array.Empty<byte>());
        r = FxsCli.Run("demo", "--out", _dir.File("x"), "--backend", "https://127.0.0.1:5444/", "--device-cert", pfx, "--site", "http://127.0.0.1:5443/");
        Assert.Equal(2, r.Exit);
        Assert.Contains("https", r.Stderr);
    }

    [Fact]
    public async Task TheRelayGoesToTheDeviceApiAndTheLoginToTheSiteOnThePortBefore()
    {
        (int sitePort, int devicePort) = LoopbackPorts.FreePair();
        await using RunningBackend backend = await RunningBackend.StartAsync(_dir.Path, sitePort, devicePort);

        CliResult r = FxsCli.Run("demo", "--out", _dir.File("demo"), "--backend", $"https://127.0.0.1:{devicePort}/", "--device-cert", backend.DevicePfx);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Single(r.StdoutLines, l => l.StartsWith("Relay: gateway hgw-0001 seals each password", StringComparison.Ordinal)
            && l.Contains($"the backend at https://127.0.0.1:{devicePort}/", StringComparison.Ordinal)
            && l.EndsWith($"its settings site at https://127.0.0.1:{sitePort}/.", StringComparison.Ordinal));
        Assert.Contains("6 calls, 5 passwords set, 5 applied by the backend.", r.Stdout);
        Assert.Single(r.StdoutLines, l => l.StartsWith($"site: login 0300001111 with the temporary password xxxxxxxx at https://127.0.0.1:{sitePort}/login: ok, POST /login 302 → /top", StringComparison.Ordinal));
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public async Task AnExplicitSiteIsWhereTheDemoLogsIn()
    {
        (int sitePort, int devicePort) = LoopbackPorts.FreePair();
        int otherSite = LoopbackPorts.Free();
        await using RunningBackend backend = await RunningBackend.StartAsync(_dir.Path, sitePort, devicePort, otherSite);

        // The device API's own port as --site: its listener wants a client certificate and serves
        // no site: one clear line, and the demo fails.
        CliResult wrong = FxsCli.Run("demo", "--out", _dir.File("wrong"), "--backend", $"https://127.0.0.1:{devicePort}/", "--device-cert", backend.DevicePfx,
            "--site", $"https://127.0.0.1:{devicePort}/");
        Assert.Contains($"site: login 0300001111 with the temporary password xxxxxxxx at https://127.0.0.1:{devicePort}/login: refused, GET https://127.0.0.1:{devicePort}/login failed", wrong.Stdout);
        Assert.Contains("(is --site the settings site?)", wrong.Stdout);
        Assert.Contains("the temporary password did not log in", wrong.Stderr);
        Assert.NotEqual(0, wrong.Exit);

        CliResult r = FxsCli.Run("demo", "--out", _dir.File("demo"), "--backend", $"https://127.0.0.1:{devicePort}/", "--device-cert", backend.DevicePfx,
            "--site", $"https://127.0.0.1:{otherSite}");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Single(r.StdoutLines, l => l.StartsWith($"site: login 0300001111 with the temporary password xxxxxxxx at https://127.0.0.1:{otherSite}/login: ok", StringComparison.Ordinal));
    }

    /// <summary>
    /// The reference backend as deployed: the site's listener (never asks for a client certificate)
    /// and the device API's (requires one), provisioned with the demo's line and a gateway hgw-0001
    /// whose certificate is in <see cref="DevicePfx"/>.
    /// </summary>
    internal sealed class RunningBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private RunningBackend(WebApplication app, string devicePfx, string data)
        {
            _app = app;
            DevicePfx = devicePfx;
            DataDirectory = data;
        }

        public string DevicePfx { get; }

        /// <summary>The backend's data folder: its server certificate and carrier sealing key (`fxs relay check`'s tests read the pin and key there).</summary>
        public string DataDirectory { get; }

        public static async Task<RunningBackend> StartAsync(string dir, int sitePort, int devicePort, int? secondSitePort = null)
        {
            string root = Path.Combine(dir, "backend-" + devicePort);
            string data = Path.Combine(root, "data");
            Directory.CreateDirectory(data);
            using X509Certificate2 device = DevCertificate.Create(DemoBackend.DeviceId, DateTimeOffset.UtcNow, serverAuth: false);
            string pfx = Path.Combine(root, "device.pfx");
            await File.WriteAllBytesAsync(pfx, device.Export(X509ContentType.Pkcs12));
            string provisioning = Path.Combine(root, "provisioning.json");
            var doc = new
            {
                lines = new[]
                {
                    new
                    {
                        lineId = "line-0001", area = "east",
                        contract = new { number = "0300001111", services = new[] { "voiceWarp" } },
                        additional = new[] { "0300002222", "0300003333" }.Select(n => new { number = n, services = Array.Empty<string>() }).ToArray(),
                    },
                },
                gateways = new[]
                {
                    new
                    {
                        deviceId = DemoBackend.DeviceId, lineId = "line-0001",
                        clientCertificateSha256 = device.GetCertHashString(HashAlgorithmName.SHA256),
                        ports = new[] { "0300001111", "0300002222" }.Select((n, i) => new { port = i + 1, notifyNumber = n }).ToArray(),
                    },
                },
            };
            await File.WriteAllTextAsync(provisioning, JsonSerializer.Serialize(doc));
            WebApplication app = await BackendHost.BuildAsync(new WebApplicationOptions { ContentRootPath = root, Args = Array.Empty<string>() }, builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Backend:DataDirectory"] = data,
                    ["Backend:ProvisioningFile"] = provisioning,
                });
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(k =>
                {
                    k.Listen(IPAddress.Loopback, sitePort, l => l.UseSiteHttps());
                    k.Listen(IPAddress.Loopback, devicePort, l => l.UseDeviceHttps());
                    if (secondSitePort is int second) { k.Listen(IPAddress.Loopback, second, l => l.UseSiteHttps()); }
                });
            });
            await app.StartAsync();
            return new RunningBackend(app, pfx, data);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
