using Fxs.Backend.Data;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fxs.Backend.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fxs.Backend.Tests;

/// <summary>
/// The device API over a real TLS connection (Kestrel on an ephemeral loopback port, the
/// backend's generated server certificate): the gateway's client certificate from the handshake
/// is what authenticates it (the seam of issue #4 item 3).
/// </summary>
public abstract class MutualTlsTests : IDisposable
{
    private readonly BackendApp _app;
    private readonly Uri _base;
    private readonly Uri _site;

    protected MutualTlsTests(StoreProvider store)
    {
        _app = new BackendApp(store: store);
        // Two listeners as in production (issue #13 item 7): the device API's requires a client certificate, the site's never asks.
        _app.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseDeviceHttps(); });
            k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseSiteHttps(); });
        });
        _app.StartServer();
        string[] addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        Assert.Equal(2, addresses.Length);
        _base = new Uri(addresses[0]);
        _site = new Uri(addresses[1]);
    }

    public void Dispose() => _app.Dispose();

    private HttpClient Client(X509Certificate2? clientCert, out Func<X509Certificate2?> serverCert, Uri? server = null)
    {
        X509Certificate2? seen = null;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Loopback, self-signed: the test only records what the server presented.
                RemoteCertificateValidationCallback = (_, cert, _, _) => { seen = cert is null ? null : new X509Certificate2(cert); return true; },
                ClientCertificates = clientCert is null ? null : new X509CertificateCollection { clientCert },
            },
        };
        serverCert = () => seen;
        return new HttpClient(handler) { BaseAddress = server ?? _base };
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient client) =>
        client.PostAsync("/device/v1/records", new StringContent(_app.Record().ToJsonString(), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task APinnedClientCertificateInTheHandshakeAuthenticatesTheGateway()
    {
        using HttpClient client = Client(BackendApp.Gateway1Cert, out Func<X509Certificate2?> server);
        using HttpResponseMessage r = await PostAsync(client);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        X509Certificate2 presented = server()!;
        Assert.Equal("CN=localhost", presented.Subject);
        Assert.Contains("127.0.0.1", presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()));
    }

    [Fact]
    public async Task NoCertificateIsRefusedInTheHandshakeAndAnUnpinnedOneIsUnauthorized()
    {
        using HttpClient none = Client(null, out _);
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(none));
        using HttpClient stranger = Client(BackendApp.StrangerCert, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(stranger)).StatusCode);
    }

    private static X509Certificate2 Issued(X509Certificate2 ca, string deviceId, bool clientAuth = true, bool expired = false) =>
        expired
            ? DevCertificates.IssueDevice(ca, deviceId, BackendApp.Start.AddDays(-200), BackendApp.Start.AddDays(-1), clientAuth)
            : DevCertificates.IssueDevice(ca, deviceId, BackendApp.Start.AddDays(-30), BackendApp.Start.AddDays(335), clientAuth);

    [Fact]
    public async Task ACaIssuedCertificateAuthenticatesItsGatewayForItsOwnRecordsOnly()
    {
        using X509Certificate2 cert = Issued(BackendApp.DeviceCa, BackendApp.Gateway1);
        using HttpClient client = Client(cert, out _);
        using HttpResponseMessage ok = await PostAsync(client);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        string other = _app.Record(device: BackendApp.Gateway2, target: BackendApp.OtherLineContract, notify: BackendApp.OtherLineContract).ToJsonString();
        using HttpResponseMessage forbidden = await client.PostAsync("/device/v1/records", new StringContent(other, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task ACertificateFromAnotherCaIsUnauthorized()
    {
        using X509Certificate2 cert = Issued(BackendApp.OtherCa, BackendApp.Gateway1);
        using HttpClient client = Client(cert, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client)).StatusCode);
    }

    [Fact]
    public async Task ACaIssuedCertificateForAnUnprovisionedGatewayIsUnauthorized()
    {
        using X509Certificate2 cert = Issued(BackendApp.DeviceCa, "hgw-9999");
        using HttpClient client = Client(cert, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client)).StatusCode);
    }

    [Fact]
    public async Task AnExpiredCaIssuedCertificateIsUnauthorized()
    {
        using X509Certificate2 cert = Issued(BackendApp.DeviceCa, BackendApp.Gateway1, expired: true);
        using HttpClient client = Client(cert, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client)).StatusCode);
    }

    [Fact]
    public async Task ACaIssuedCertificateWithoutClientAuthIsUnauthorized()
    {
        using X509Certificate2 cert = Issued(BackendApp.DeviceCa, BackendApp.Gateway1, clientAuth: false);
        using HttpClient client = Client(cert, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client)).StatusCode);
    }

    [Fact]
    public async Task EachListenerServesOnlyItsOwnPaths()
    {
        using HttpClient browser = Client(null, out _, _site);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
        using HttpResponseMessage device = await browser.GetAsync("/device/v1/sealing-key");
        Assert.Equal(HttpStatusCode.NotFound, device.StatusCode);
        Assert.Equal("application/problem+json", device.Content.Headers.ContentType?.MediaType);
        using HttpClient gateway = Client(BackendApp.Gateway1Cert, out _);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/device/v1/sealing-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("/login")).StatusCode);
    }

    /// <summary>Debian's openssl s_client as the peer: what the server's handshake offers and asks.</summary>
    private static async Task<(int Exit, string Output)> OpenSslAsync(Uri server, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in new[] { "s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost" }.Concat(args)) { start.ArgumentList.Add(a); }
        using var p = System.Diagnostics.Process.Start(start)!;
        p.StandardInput.Close(); // the handshake, then EOF: s_client ends
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [InlineData("-tls1_2", "Client Certificate Types")]
    [InlineData("-tls1_3", "Requested Signature Algorithms")]
    public async Task TheSiteNeverAsksForAClientCertificateTheDeviceApiDoes(string version, string askedMarker)
    {
        (_, string site) = await OpenSslAsync(_site, version);
        Assert.Contains("Server certificate", site);
        Assert.DoesNotContain(askedMarker, site);
        (_, string device) = await OpenSslAsync(_base, version);
        Assert.Contains(askedMarker, device);
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA")]
    [InlineData("ECDHE-ECDSA-AES256-SHA")]
    [InlineData("ECDHE-ECDSA-AES128-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-SHA384")]
    public async Task Tls12OffersNoCbcSuite(string cbc)
    {
        (int exit, string output) = await OpenSslAsync(_site, "-tls1_2", "-cipher", cbc);
        Assert.True(exit != 0, output);
        Assert.DoesNotContain("Cipher is " + cbc, output);
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384")]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305")]
    public async Task Tls12OffersTheAeadSuites(string aead)
    {
        (int exit, string output) = await OpenSslAsync(_site, "-tls1_2", "-cipher", aead);
        Assert.True(exit == 0, output);
        Assert.Contains("Cipher is " + aead, output);
    }

    [Fact]
    public async Task Tls11IsRefused()
    {
        (int exit, string output) = await OpenSslAsync(_site, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        Assert.True(exit != 0, output);
    }

    [Fact]
    public void DevCertsWritesACaAndOneClientCertificatePerGateway()
    {
        string dir = Directory.CreateTempSubdirectory("fxs-dev-ca-").FullName;
        try
        {
            string provisioning = Path.Combine(dir, "provisioning.json");
            File.WriteAllText(provisioning, SampleProvisioning);
            DevCertificates.Write(provisioning, Path.Combine(dir, "out"), BackendApp.Start);
            X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "out", DevCertificates.CaCertificateFile)));
            using X509Certificate2 device = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(dir, "out", "hgw-0001.pfx"), null);
            Assert.True(device.HasPrivateKey);
            Assert.Equal("CN=hgw-0001", device.Subject);
            Assert.Equal(BackendApp.Start.AddYears(5).UtcDateTime, ca.NotAfter.ToUniversalTime());
            Assert.True(Fxs.Backend.Auth.DeviceCertificateHandler.ChainsToCa(device, ca, BackendApp.Start.UtcDateTime.AddDays(1)));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private const string SampleProvisioning = """
        { "lines": [ { "lineId": "line-0001", "area": "east", "contract": { "number": "0300001111", "services": [] } } ],
          "gateways": [ { "deviceId": "hgw-0001", "lineId": "line-0001", "clientCertificateSha256": null, "ports": [] } ] }
        """;
}

/// <summary>MutualTlsTests on SQLite, the embedded store.</summary>
public sealed class MutualTlsTestsOnSqlite() : MutualTlsTests(StoreProvider.Sqlite);

/// <summary>MutualTlsTests on PostgreSQL, the production store.</summary>
public sealed class MutualTlsTestsOnPostgreSql() : MutualTlsTests(StoreProvider.PostgreSql);
