using Fxs.Backend.Lines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fxs.Backend.Records;

/// <summary>The answer to a dry run: the record would be taken as it is. Nothing was stored.</summary>
public sealed record DryRunAnswer(string RecordId, string Status, bool DryRun)
{
    /// <summary>The one status a dry run answers 200 with.</summary>
    public const string Valid = "valid";
}

/// <summary>
/// Issue #15: <c>POST /device/v1/records?dryRun=true</c>, for a gateway's end-of-line test (`fxs selftest
/// --board`): the record is validated exactly as a real one (its fields, the client certificate's device,
/// the gateway's line, the sealed password opening under the carrier's key and being 8 digits) and answered
/// 200 with <see cref="DryRunAnswer"/>, or the real record's 4xx problem; it is never applied, stored, hashed,
/// nor looked up or counted against idempotency (a dry run's record ID may be sent again, dry or for real).
/// </summary>
public static class DryRun
{
    /// <summary>The query parameter: <c>dryRun=true</c> (or 1).</summary>
    public const string Parameter = "dryRun";

    public static bool Requested(HttpRequest request) =>
        request.Query.TryGetValue(Parameter, out var v) && (string.Equals(v.ToString(), "true", StringComparison.OrdinalIgnoreCase) || v.ToString() == "1");

    public static async Task<Results<Created<RecordAnswer>, Ok<DryRunAnswer>, ValidationProblem, ProblemHttpResult>> CheckAsync(
        RelayRecord record, string device, RecordService records, LineDirectory lines, CancellationToken ct)
    {
        Gateway? gateway = await lines.GatewayAsync(device, ct);
        Line? line = gateway is null ? null : await lines.LineAsync(gateway.LineId, ct);
        if (gateway is null || line is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This gateway has no provisioned line.");
        }
        Dictionary<string, string[]> errors = RelayRecordParser.CheckLine(record, gateway, line);
        if (errors.Count > 0) { return TypedResults.ValidationProblem(errors, title: "The record does not fit this gateway's line."); }
        if (records.Validate(record) is RecordOutcome.BadPassword bad)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sealedPassword"] = [bad.Message] }, title: "The record has invalid fields.");
        }
        return TypedResults.Ok(new DryRunAnswer(record.RecordId, DryRunAnswer.Valid, DryRun: true));
    }
}
