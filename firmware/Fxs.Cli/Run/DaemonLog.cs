using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

// Every line the daemon logs, as structured events (named fields, stable event IDs) so a journal or a
// JSON log can be filtered by field. The call's events read as the transcripts do (Fxs.Host's EventWords:
// `830 ms decided unit-line (step menu, strikes 0)`), names kebab-case. None carries a password digit: the port's monitor masks the
// password step's keys as 'x', and the sinks log record IDs only.
// One file on purpose: the logging generator writes the parts of a partial class spread over several files in an
// order that changes from one compile to the next, and the device artefact was then not reproducible (Gates 7:
// fxs.dll and fxs.pdb differed by the order of the generated methods). LoggerMessageClassTests checks that no [LoggerMessage]
// class is split again.
internal static partial class DaemonLog
{
    [LoggerMessage(1, LogLevel.Information, "ready: board {Board} ({Hardware}), line {Area} {Lines} number(s), relay {Relay}, started in {StartupMs} ms")]
    public static partial void Ready(ILogger log, string board, string hardware, string area, int lines, string relay, long startupMs);

    [LoggerMessage(2, LogLevel.Information, "{LineMs} ms {Who} {Event}")]
    public static partial void Line(ILogger log, string who, string @event, long lineMs);

    [LoggerMessage(3, LogLevel.Debug, "{LineMs} ms heard {Key} ({Source})")]
    public static partial void Key(ILogger log, char key, string source, long lineMs);

    [LoggerMessage(4, LogLevel.Information, "{LineMs} ms decided number {Number} complete ({Kind})")]
    public static partial void Number(ILogger log, string number, string kind, long lineMs);

    [LoggerMessage(5, LogLevel.Information, "{LineMs} ms decided {Decision} (step {Step}, strikes {Strikes})")]
    public static partial void Decision(ILogger log, string decision, string step, int strikes, long lineMs);

    [LoggerMessage(6, LogLevel.Information, "{LineMs} ms decided password set for {Target} (unit {UnitNumber} {Unit}), {DurationMs} ms, {ChargeUnits} charge unit(s)")]
    public static partial void PasswordSet(ILogger log, int unitNumber, string unit, string target, long durationMs, int chargeUnits, long lineMs);

    // Reason: the IVR's last decision (password-confirmed, too-many-errors, not-stored, abandoned).
    [LoggerMessage(7, LogLevel.Information, "{LineMs} ms decided IVR ended: {Outcome} ({Reason}); resident memory {RssKb} KiB, managed heap in use {ManagedHeapKb} KiB")]
    public static partial void IvrEnded(ILogger log, string outcome, string reason, long lineMs, long rssKb, long managedHeapKb);

    [LoggerMessage(8, LogLevel.Information, "record {RecordId} stored in the outbox")]
    public static partial void RecordStored(ILogger log, string recordId);

    [LoggerMessage(9, LogLevel.Error, "a set password could not be stored: {Error}")]
    public static partial void RecordFailed(ILogger log, string error);

    [LoggerMessage(10, LogLevel.Warning, "no relay configured (sim board): set passwords are counted, not delivered")]
    public static partial void NoRelay(ILogger log);

    [LoggerMessage(11, LogLevel.Information, "stopping: the call in progress ends as on-hook (IVR buffers cleared: {Cleared}); {Counters}")]
    public static partial void Stopping(ILogger log, bool cleared, string counters);

    [LoggerMessage(12, LogLevel.Information, "stopped after {Frames} frames; {Counters}")]
    public static partial void Stopped(ILogger log, long frames, string counters);

    [LoggerMessage(13, LogLevel.Information, "the phone's script is done and the line is idle: stopping")]
    public static partial void ScriptDone(ILogger log);

    [LoggerMessage(14, LogLevel.Critical, "the line loop failed")]
    public static partial void LoopFailed(ILogger log, System.Exception error);

    [LoggerMessage(15, LogLevel.Warning, "played frames refused by the codec: {Overruns} in all")]
    public static partial void PlayedOverruns(ILogger log, int overruns);

    // The outbox at the daemon's stop (issue #15 item 3, OutboxDrain): event IDs 30-39, apart from the
    // line's and the relay's so that other parts can add theirs without renumbering.
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
