using System.Data.Common;
using Fxs.Backend.Data;

namespace Fxs.Backend.Hosting;

/// <summary>
/// <c>GET /healthz</c> on the site's listener (issue #17 item 3): what the balancer's health check
/// asks (backend/README.md, "Running at scale"). 200 <c>ok</c> when this instance reaches its store
/// (one <c>SELECT 1</c>), else 503: an instance that lost its database leaves the pool as a dead one
/// does. No session, no antiforgery, nothing about the store's contents in the answer.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (Database db, CancellationToken ct) =>
        {
            try
            {
                await using DbConnection c = await db.OpenAsync(ct);
                await Database.ScalarAsync(c, "SELECT 1", ct);
                return Results.Text("ok\n", "text/plain; charset=utf-8");
            }
            catch (DbException)
            {
                return Results.Text("store unreachable\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return routes;
    }
}
