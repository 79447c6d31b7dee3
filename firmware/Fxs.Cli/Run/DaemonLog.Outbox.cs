using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

// The outbox at the daemon's stop (issue #15 item 3, OutboxDrain): event IDs 30-39, apart from the
// line's and the relay's so that other parts can add theirs without renumbering.
internal static partial class DaemonLog
{
    [LoggerMessage(30, LogLevel.Information, "waiting up to {BoundS} s for {Pending} record(s) pending in the outbox to be delivered")]
    public static partial void Draining(ILogger log, int pending, long boundS);

    [LoggerMessage(31, LogLevel.Information, "outbox drained in {Ms} ms")]
    public static partial void Drained(ILogger log, long ms);

    [LoggerMessage(32, LogLevel.Warning, "stopping with records pending: {Reason} (bound {BoundS} s)")]
    public static partial void DrainGaveUp(ILogger log, long boundS, string reason);

    [LoggerMessage(33, LogLevel.Warning, "stopped; {Pending} {Records} pending in the outbox, oldest {Oldest}: sent after the next start")]
    public static partial void StoppedPending(ILogger log, int pending, string records, string oldest);

    [LoggerMessage(34, LogLevel.Information, "stopped; no record pending in the outbox")]
    public static partial void StoppedNothingPending(ILogger log);

    [LoggerMessage(35, LogLevel.Warning, "stopped; records pending in the outbox unknown: {Problem}")]
    public static partial void StoppedPendingUnknown(ILogger log, string problem);

    [LoggerMessage(36, LogLevel.Information, "status on {Path} (`fxs status`)")]
    public static partial void StatusListening(ILogger log, string path);

    [LoggerMessage(37, LogLevel.Warning, "no status socket at {Path}: {Problem}; `fxs status` will not answer")]
    public static partial void StatusUnavailable(ILogger log, string path, string problem);
}
