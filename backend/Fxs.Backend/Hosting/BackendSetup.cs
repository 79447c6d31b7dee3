using Fxs.Backend.Data;
using Fxs.Backend.Lines;
using Fxs.Backend.Passwords;
using Fxs.Backend.Provisioning;
using Fxs.Backend.Records;
using Fxs.Backend.Site;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Hosting;

/// <summary>Service registration and start-up steps that Program.cs composes.</summary>
public static class BackendSetup
{
    public static IServiceCollection AddBackend(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.Configure<BackendOptions>(config.GetSection("Backend"));
        services.Configure<PasswordHashOptions>(config.GetSection("Passwords"));
        services.Configure<SiteOptions>(config.GetSection("Site"));
        services.Configure<LoginThrottleOptions>(config.GetSection("LoginThrottle"));
        services.Configure<StoreOptions>(config.GetSection("Store"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Database.From(sp.GetRequiredService<IOptions<StoreOptions>>().Value, DataPath(sp, env, o => o.DatabasePath, "backend.db")));
        services.AddSingleton(sp => new CarrierSealingKey(DataPath(sp, env, o => o.SealingKeyPath, "carrier-sealing-key.pem")));
        services.AddSingleton<LineDirectory>();
        services.AddSingleton<Auth.DeviceCa>();
        services.AddSingleton<CredentialStore>();
        services.AddSingleton(sp => new PepperKeys(DataPath(sp, env, o => o.PepperFile, "password-pepper.keys")));
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<RecordService>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<KnownDevices>();
        services.AddSingleton(sp => new BrandNames(sp.GetRequiredService<IOptions<SiteOptions>>().Value.Brand));
        services.AddScoped<Pages>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-fxs-af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true; // no script reads it (wapiti's finding)
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
        });
        string dataDirectory = Path.Combine(env.ContentRootPath, config.GetSection("Backend").Get<BackendOptions>()?.DataDirectory ?? ".data");
        // The data folder is the backend's own: 0700 (issue #13 item 5).
        Fxs.Relay.Sealing.PrivateFiles.EnsureDirectory(dataDirectory, tightenExisting: true);
        // The key ring lives in the database, each key encrypted under the key ring's key file
        // (issue #17 item 2): every instance on one database shares it. One application name, so
        // instances in other folders derive the same purposes.
        services.AddSingleton(sp => new KeyRingKey(DataPath(sp, env, o => o.KeyRingKeyFile, "key-ring.key")));
        services.AddDataProtection().SetApplicationName("fxs-backend");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Database, KeyRingKey>((o, db, key) =>
            {
                o.XmlRepository = new DatabaseKeyRing(db);
                o.XmlEncryptor = new KeyRingEncryptor(key);
            });
        services.AddProblemDetails();
        // One year, subdomains included (issue #13 item 7). Loopback names stay excluded (ASP.NET's default), as browsers ignore HSTS there anyway.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>
    /// HTTPS on Kestrel: the configured certificate, else a generated loopback one
    /// (<see cref="DevCertificate"/>); TLS 1.2/1.3 with AEAD suites only; the named endpoints Site
    /// and Device get their roles (<see cref="Listeners"/>). A listener without a role (one
    /// listener for both, `fxs demo` and in-memory tests) asks for a client certificate but does
    /// not require one, and leaves it to <see cref="Auth.DeviceCertificateHandler"/> to judge.
    /// </summary>
    public static WebApplicationBuilder AddBackendTls(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ListenerRoles>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false; // no "Server: Kestrel" banner (testssl's finding)
            kestrel.ConfigureHttpsDefaults(https =>
            {
                if (string.IsNullOrEmpty(context.Configuration["Kestrel:Certificates:Default:Path"]))
                {
                    var backend = context.Configuration.GetSection("Backend").Get<BackendOptions>() ?? new BackendOptions();
                    https.ServerCertificate = DevCertificate.LoadOrCreate(
                        Path.Combine(context.HostingEnvironment.ContentRootPath, backend.DataDirectory), TimeProvider.System);
                }
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
                Listeners.ApplyTlsPolicy(https);
            });
            Listeners.ConfigureNamedEndpoints(kestrel, context.Configuration);
        });
        return builder;
    }

    /// <summary>Migrates the database and loads the provisioning file.</summary>
    public static async Task InitializeBackendAsync(this WebApplication app)
    {
        var db = app.Services.GetRequiredService<Database>();
        await db.MigrateAsync();
        string? file = app.Services.GetRequiredService<IOptions<BackendOptions>>().Value.ProvisioningFile;
        if (!string.IsNullOrEmpty(file))
        {
            string path = Path.Combine(app.Environment.ContentRootPath, file);
            ProvisioningFile provisioning = ProvisioningFile.Load(path);
            await ProvisioningLoader.ApplyAsync(db, provisioning);
            app.Services.GetRequiredService<Auth.DeviceCa>().Certificate = provisioning.LoadDeviceCa(path);
            app.Logger.LogInformation("Provisioning loaded from {Path}", Path.GetFullPath(path));
        }
        app.Services.GetRequiredService<CarrierSealingKey>();
        app.Services.GetRequiredService<PepperKeys>(); // made (or refused: mode, format) at start, not at the first login
        app.Services.GetRequiredService<KeyRingKey>();
    }

    /// <summary>Security headers on every response; pages are never cached.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        IHeaderDictionary h = context.Response.Headers;
        h.ContentSecurityPolicy = "default-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY"; // frame-ancestors' older twin, for browsers without CSP level 2 (wapiti's finding)
        h["Referrer-Policy"] = "no-referrer";
        h.CacheControl = "no-store";
        await next(context);
    });

    private static string DataPath(IServiceProvider sp, IHostEnvironment env, Func<BackendOptions, string?> pick, string fileName)
    {
        BackendOptions o = sp.GetRequiredService<IOptions<BackendOptions>>().Value;
        string dir = Path.Combine(env.ContentRootPath, o.DataDirectory);
        return pick(o) is string configured && configured.Length > 0 ? Path.Combine(env.ContentRootPath, configured) : Path.Combine(dir, fileName);
    }
}
