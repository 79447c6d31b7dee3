using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Fxs.Backend.Hosting;

/// <summary>What a listener serves: the site, the device API, or (one listener for both: tests in memory, `fxs demo`) both.</summary>
public enum ListenerRole { Both, Site, Device }

/// <summary>The role of each bound port, registered by the listener's own connection middleware at its first connection.</summary>
public sealed class ListenerRoles
{
    private readonly ConcurrentDictionary<int, ListenerRole> _byPort = new();

    public void Register(int port, ListenerRole role) => _byPort[port] = role;

    public ListenerRole Of(int localPort) => _byPort.TryGetValue(localPort, out ListenerRole role) ? role : ListenerRole.Both;
}

/// <summary>
/// The TLS listeners (issue #13 item 7). The site's listener never asks for a client certificate
/// (browsers show no certificate prompt); the device API's requires one in the handshake (a
/// gateway without one is refused before any HTTP), which <see cref="Auth.DeviceCertificateHandler"/>
/// then judges. Each serves only its own paths (the other's answer 404). TLS 1.2 and 1.3 only, and
/// only AEAD suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305): no CBC.
/// Configured as Kestrel's named endpoints <see cref="SiteEndpoint"/> and <see cref="DeviceEndpoint"/>
/// (appsettings.Production.json), or in code by <see cref="UseSiteHttps"/> and <see cref="UseDeviceHttps"/>.
/// </summary>
public static class Listeners
{
    public const string SiteEndpoint = "Site";
    public const string DeviceEndpoint = "Device";

    /// <summary>TLS 1.3's suites (all AEAD) and TLS 1.2's ECDHE AEAD suites, for ECDSA and RSA server keys.</summary>
    public static readonly TlsCipherSuite[] AeadSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>TLS 1.2/1.3, AEAD suites only (CipherSuitesPolicy: OpenSSL on Linux; Windows keeps its system policy).</summary>
    public static void ApplyTlsPolicy(HttpsConnectionAdapterOptions https)
    {
        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        https.OnAuthenticate = (_, ssl) =>
        {
            if (!OperatingSystem.IsWindows()) { ssl.CipherSuitesPolicy = new CipherSuitesPolicy(AeadSuites); }
        };
    }

    /// <summary>The site's TLS: no client certificate is ever asked for.</summary>
    public static ListenOptions UseSiteHttps(this ListenOptions listen)
    {
        Tag(listen, ListenerRole.Site);
        return listen.UseHttps(https => https.ClientCertificateMode = ClientCertificateMode.NoCertificate);
    }

    /// <summary>The device API's TLS: a client certificate is required in the handshake.</summary>
    public static ListenOptions UseDeviceHttps(this ListenOptions listen)
    {
        Tag(listen, ListenerRole.Device);
        return listen.UseHttps(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.AllowAnyClientCertificate(); // judged by DeviceCertificateHandler: pinned or issued by the device CA
        });
    }

    /// <summary>The named endpoints of configuration section Kestrel:Endpoints get their role and certificate mode.</summary>
    public static void ConfigureNamedEndpoints(KestrelServerOptions kestrel, IConfiguration config)
    {
        System.Net.IPAddress[] balancers = ProxyProtocol.TrustedFrom(config); // issue #17: the client's address behind a TCP-mode balancer
        kestrel.Configure(config.GetSection("Kestrel"))
            .Endpoint(SiteEndpoint, e =>
            {
                e.ListenOptions.UseProxyProtocol(balancers);
                e.HttpsOptions.ClientCertificateMode = ClientCertificateMode.NoCertificate;
                Tag(e.ListenOptions, ListenerRole.Site);
            })
            .Endpoint(DeviceEndpoint, e =>
            {
                e.ListenOptions.UseProxyProtocol(balancers);
                e.HttpsOptions.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                Tag(e.ListenOptions, ListenerRole.Device);
            });
    }

    private static void Tag(ListenOptions listen, ListenerRole role) => listen.Use(next => connection =>
    {
        if (connection.LocalEndPoint is IPEndPoint local)
        {
            listen.ApplicationServices.GetRequiredService<ListenerRoles>().Register(local.Port, role);
        }
        return next(connection);
    });

    /// <summary>Each listener serves only its own paths: the device API under /device, the site elsewhere.</summary>
    public static IApplicationBuilder UseListenerRoles(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        ListenerRole role = http.RequestServices.GetRequiredService<ListenerRoles>().Of(http.Connection.LocalPort);
        bool device = ErrorResponses.IsDeviceApi(http);
        if ((role == ListenerRole.Site && device) || (role == ListenerRole.Device && !device))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(http);
    });
}
