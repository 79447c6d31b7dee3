using System.Security.Claims;
using System.Text.Json;
using Fxs.Backend.Auth;
using Fxs.Backend.Hosting;
using Fxs.Backend.Lines;
using Fxs.Relay.Sealing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fxs.Backend.Records;

/// <summary>The device API: gateways relay "temporary password set" records (client certificate required).</summary>
public static class RecordsApi
{
    public sealed record SealingKeyAnswer(string Scheme, string PublicKey);

    /// <summary>
    /// Issue #12: the largest record body taken, bytes (8 KiB). A record is under 2 KiB (about 700
    /// bytes with an 11-digit number); anything bigger is refused with 413 before it is read whole.
    /// </summary>
    public const long MaxRecordBytes = 8 * 1024;

    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/device/v1");

        // The carrier's public key for ecdh-p256-aesgcm-v1 (SubjectPublicKeyInfo, base64): public, no certificate needed.
        group.MapGet("/sealing-key", (CarrierSealingKey key) =>
            TypedResults.Ok(new SealingKeyAnswer(PasswordSealing.Scheme, Convert.ToBase64String(key.PublicKeySpki))));

        RouteGroupBuilder devices = group.MapGroup("/records").RequireAuthorization(AuthSetup.DevicePolicy);

        devices.MapPost("/", async Task<Results<Created<RecordAnswer>, Ok<DryRunAnswer>, ValidationProblem, ProblemHttpResult>> (
            HttpContext http, RecordService records, LineDirectory lines, TimeProvider time, CancellationToken ct) =>
        {
            if (http.Request.ContentLength > MaxRecordBytes) { return TooLarge(); }
            byte[]? bytes = await ReadAtMostAsync(http.Request.Body, MaxRecordBytes, ct); // chunked: stopped at the limit
            if (bytes is null) { return TooLarge(); }
            JsonElement body;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(bytes);
                body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Not JSON."] });
            }
            (RelayRecord? record, Dictionary<string, string[]> errors) = RelayRecordParser.Parse(body, time.GetUtcNow());
            if (record is null) { return TypedResults.ValidationProblem(errors, title: "The record has invalid fields."); }

            string device = http.User.FindFirstValue(DeviceCertificateHandler.DeviceIdClaim)!;
            if (record.DeviceId != device)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "deviceId is not this client certificate's device.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["deviceId"] = ["Must be the device ID of the client certificate."] } });
            }
            if (DryRun.Requested(http.Request)) { return await DryRun.CheckAsync(record, device, records, lines, ct); }
            RecordOutcome? outcome = await records.ReplayAsync(record, ct);
            if (outcome is null)
            {
                Gateway? gateway = await lines.GatewayAsync(device, ct);
                Line? line = gateway is null ? null : await lines.LineAsync(gateway.LineId, ct);
                if (gateway is null || line is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This gateway has no provisioned line.");
                }
                errors = RelayRecordParser.CheckLine(record, gateway, line);
                if (errors.Count > 0) { return TypedResults.ValidationProblem(errors, title: "The record does not fit this gateway's line."); }
                outcome = await records.ApplyAsync(record, ct);
            }
            switch (outcome)
            {
                case RecordOutcome.Accepted accepted:
                    if (accepted.Replayed) { http.Response.Headers["Idempotent-Replayed"] = "true"; }
                    return TypedResults.Created($"/device/v1/records/{record.RecordId}", accepted.Answer);
                case RecordOutcome.BadPassword bad:
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sealedPassword"] = [bad.Message] }, title: "The record has invalid fields.");
                default:
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This recordId was already used for a different record.",
                        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["recordId"] = ["Already used with other content."] } });
            }
        });

        devices.MapGet("/{recordId}", async Task<Results<Ok<RecordAnswer>, NotFound>> (string recordId, HttpContext http, RecordService records, CancellationToken ct) =>
            await records.FindAsync(recordId, http.User.FindFirstValue(DeviceCertificateHandler.DeviceIdClaim)!, ct) is RecordAnswer answer
                ? TypedResults.Ok(answer)
                : TypedResults.NotFound());

        return routes;
    }

    // The body, or null as soon as it is longer than `limit` bytes (the rest is not read).
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit) { return null; }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: $"A record is at most {MaxRecordBytes} bytes.");
}
