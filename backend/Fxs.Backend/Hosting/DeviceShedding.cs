using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Hosting;

/// <summary>Section "Shedding" (issue #17 item 4): how many device-API requests one instance works on at once, and what it tells the others.</summary>
public sealed class SheddingOptions
{
    /// <summary>
    /// Device-API requests in progress per core (default 4). A record costs one slow hash (tens of
    /// milliseconds of one core): 4 per core keep every core busy while each admitted request
    /// waits at most a few hashes, far inside the relay's 20 s attempt timeout.
    /// </summary>
    public int PermitsPerCore { get; set; } = 4;

    /// <summary>The limit for the whole instance, overriding <see cref="PermitsPerCore"/> when set (0: per core).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The <c>Retry-After</c> of a shed request, seconds (default 5); the relay waits that plus up to half again (its jitter).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>The limit in effect: <see cref="PermitLimit"/>, else <see cref="PermitsPerCore"/> x the cores, at least 1.</summary>
    public int EffectiveLimit => Math.Max(1, PermitLimit > 0 ? PermitLimit : PermitsPerCore * Environment.ProcessorCount);
}

/// <summary>
/// Issue #17 item 4: overload of the device API is shed, not queued into timeouts. Past
/// <see cref="SheddingOptions.EffectiveLimit"/> requests in progress (ASP.NET Core's
/// ConcurrencyLimiter, no queue) a device-API request is answered 503 with <c>Retry-After</c> at
/// once, before authentication and before any hash, so a wave of gateways after an outage costs
/// the instance a cheap refusal each instead of a 20 s wait that ends in their timeout and a
/// retry. The site is not limited here (its logins have their own throttle). The limit is per
/// instance: N instances take N times as much.
/// </summary>
public static class DeviceShedding
{
    /// <summary>Registers the limiter; settings from section "Shedding".</summary>
    public static IServiceCollection AddDeviceShedding(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SheddingOptions>(config.GetSection("Shedding"));
        services.AddRateLimiter(o => { }); // the options below read the settings once the container is built
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SheddingOptions>>((o, shedding) =>
        {
            SheddingOptions s = shedding.Value;
            var limiter = new ConcurrencyLimiterOptions { PermitLimit = s.EffectiveLimit, QueueLimit = 0 };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => ErrorResponses.IsDeviceApi(http)
                ? RateLimitPartition.GetConcurrencyLimiter("device", _ => limiter)
                : RateLimitPartition.GetNoLimiter("site"));
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            string retryAfter = Math.Max(1, s.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            o.OnRejected = async (context, ct) =>
            {
                HttpResponse response = context.HttpContext.Response;
                response.Headers.RetryAfter = retryAfter;
                response.ContentType = "application/problem+json";
                await response.WriteAsync(
                    $$"""{"status":503,"title":"The backend is at capacity; retry after {{retryAfter}} s.","retryAfterSeconds":{{retryAfter}}}""", ct);
            };
        });
        return services;
    }

    /// <summary>
    /// The limiter in the pipeline: early, so a shed request costs neither authentication nor a hash;
    /// and the threads it needs (<see cref="ReserveThreads"/>).
    /// </summary>
    public static IApplicationBuilder UseDeviceShedding(this IApplicationBuilder app)
    {
        ReserveThreads(app.ApplicationServices.GetRequiredService<IOptions<SheddingOptions>>().Value.EffectiveLimit);
        return app.UseRateLimiter();
    }

    /// <summary>
    /// Lets the thread pool start, at once, every request the limiter admits and the next ones past it.
    /// The limiter counts requests a thread has started, and an admitted record holds its thread for a
    /// slow hash. The pool starts with one thread per core and adds more only every half second or so,
    /// so with fewer threads than the limit a burst waits in the pool's queue, unseen by the limiter,
    /// instead of being answered 503: overload queued into the relays' timeouts, what shedding is for.
    /// (On 2 cores, 40 records at once with a limit of 2 all waited their turn and none was shed.)
    /// The pool's minimum becomes the limit plus two per core (for the site, the refusals and I/O);
    /// it is only ever raised.
    /// </summary>
    public static void ReserveThreads(int effectiveLimit)
    {
        ThreadPool.GetMinThreads(out int workers, out int ports);
        int wanted = effectiveLimit + 2 * Environment.ProcessorCount;
        if (workers < wanted) { ThreadPool.SetMinThreads(wanted, ports); }
    }
}
