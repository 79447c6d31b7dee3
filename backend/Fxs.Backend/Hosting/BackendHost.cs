using Fxs.Backend.Auth;
using Fxs.Backend.Records;
using Fxs.Backend.Site;

namespace Fxs.Backend.Hosting;

/// <summary>
/// Program.cs's composition as one call, for hosts that run the backend inside their own process
/// (`fxs demo`): <paramref name="configure"/> sees the builder after the backend's services are
/// added (settings, Kestrel endpoints, logging); the application returned is initialized
/// (database migrated, provisioning loaded) and mapped, not yet started.
/// </summary>
public static class BackendHost
{
    public static async Task<WebApplication> BuildAsync(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        builder.AddBackendTls();
        builder.Services.AddBackend(builder.Configuration, builder.Environment);
        builder.Services.AddBackendAuth();
        builder.Services.AddDeviceShedding(builder.Configuration); // issue #17 item 4: 503 + Retry-After past the limit
        configure?.Invoke(builder);

        var app = builder.Build();
        await app.InitializeBackendAsync();

        app.UseBackendExceptionHandler();
        app.UseBackendStatusCodePages();
        app.UseHsts();
        app.UseListenerRoles();
        app.UseDeviceShedding();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapRecords();
        app.MapSite();
        app.MapHealth(); // issue #17: the balancer's health check
        return app;
    }
}
