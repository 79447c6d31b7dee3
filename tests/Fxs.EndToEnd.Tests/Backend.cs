using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fxs.Backend.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.EndToEnd.Tests;

/// <summary>
/// The real carrier backend (Program.cs's composition) on a real loopback HTTPS port (Kestrel),
/// on a fresh data folder; its clock is <see cref="Clock"/>, which the gateway's relay shares (so
/// "26 hours later" is one call to Advance). The gateway <see cref="DeviceId"/>'s freshly made
/// client certificate is pinned in the provisioning; the relay pins the server key's SPKI.
/// </summary>
public sealed class Backend : IDisposable
{
    public const string DeviceId = "hgw-0001";
    public const string Contract = "0300001111";
    public const string Additional2 = "0300002222";
    public const string Additional3 = "0300003333";

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-e2e-backend-").FullName;
    private readonly Factory _app;

    public Backend()
    {
        DeviceCertificate = DevCertificate.Create(DeviceId, DateTimeOffset.UtcNow, serverAuth: false);
        ServerCertificate = DevCertificate.LoadOrCreate(_dir, TimeProvider.System);
        using (var key = new CarrierSealingKey(Path.Combine(_dir, "carrier-sealing-key.pem"))) { SealingKeySpki = key.PublicKeySpki; }
        string provisioning = Path.Combine(_dir, "provisioning.json");
        File.WriteAllText(provisioning, $$"""
            {
              "lines": [
                { "lineId": "line-0001", "area": "east",
                  "contract": { "number": "{{Contract}}", "services": ["voiceWarp", "incomingCallMail"] },
                  "additional": [ { "number": "{{Additional2}}", "services": ["faxMail"] }, { "number": "{{Additional3}}", "services": [] } ] }
              ],
              "gateways": [
                { "deviceId": "{{DeviceId}}", "lineId": "line-0001",
                  "clientCertificateSha256": "{{DeviceCertificate.GetCertHashString(HashAlgorithmName.SHA256)}}",
                  "ports": [ { "port": 1, "notifyNumber": "{{Contract}}" }, { "port": 2, "notifyNumber": "{{Additional2}}" } ] }
              ]
            }
            """);
        (Port, DevicePort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        _app = new Factory(_dir, provisioning, Clock);
        // Two listeners as in production: the site's never asks for a client certificate, the device API's requires one.
        _app.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, Port, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseSiteHttps(); });
            k.Listen(IPAddress.Loopback, DevicePort, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseDeviceHttps(); });
        });
        _app.StartServer();
    }

    /// <summary>The backend's clock and the relay's.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public X509Certificate2 DeviceCertificate { get; }
    public X509Certificate2 ServerCertificate { get; }
    public byte[] SealingKeySpki { get; }
    /// <summary>The site's port and address.</summary>
    public int Port { get; }
    public Uri Url => new($"https://127.0.0.1:{Port}/");

    /// <summary>The device API's port and address (the relay's BackendUrl).</summary>
    public int DevicePort { get; }
    public Uri DeviceUrl => new($"https://127.0.0.1:{DevicePort}/");
    public IServiceProvider Services => _app.Services;

    public void Dispose()
    {
        _app.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }


    private sealed class Factory(string dir, string provisioning, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Backend:DataDirectory", dir);
            builder.UseSetting("Backend:ProvisioningFile", provisioning);
            builder.UseSetting("Passwords:Pbkdf2Iterations", "1000");
            // Cheap Argon2id (the default hash since issue #13): tests time the relay, not the hash.
            builder.UseSetting("Passwords:Argon2idIterations", "1");
            builder.UseSetting("Passwords:Argon2idMemoryKiB", "8");
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }
}
