using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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
}
