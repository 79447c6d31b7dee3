using Fxs.Backend.Site;
using Microsoft.AspNetCore.Authentication;

namespace Fxs.Backend.Auth;

/// <summary>Two schemes, one per audience: gateways by client certificate, people by the site's session cookie.</summary>
public static class AuthSetup
{
    public const string DevicePolicy = "Device";
    public const string SitePolicy = "Site";

    public static IServiceCollection AddBackendAuth(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DeviceCertificateHandler>(DeviceCertificateHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SiteSessionHandler>(SiteSessionHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DevicePolicy, p => p.AddAuthenticationSchemes(DeviceCertificateHandler.SchemeName).RequireClaim(DeviceCertificateHandler.DeviceIdClaim))
            .AddPolicy(SitePolicy, p => p.AddAuthenticationSchemes(SiteSessionHandler.SchemeName).RequireClaim(SiteSessionHandler.NumberClaim));
        return services;
    }
}
