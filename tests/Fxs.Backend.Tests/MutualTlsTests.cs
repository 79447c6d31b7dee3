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
public sealed class MutualTlsTests : IDisposable
{
    private readonly BackendApp _app = new();
    private readonly Uri _base;

    public MutualTlsTests()
    {
        _app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseHttps(); }));
        _app.StartServer();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _base = new Uri(address);
    }

    public void Dispose() => _app.Dispose();

    private HttpClient Client(X509Certificate2? clientCert, out Func<X509Certificate2?> serverCert)
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
        return new HttpClient(handler) { BaseAddress = _base };
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
    public async Task NoCertificateOrAnUnpinnedOneIsUnauthorized()
    {
        using HttpClient none = Client(null, out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(none)).StatusCode);
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
