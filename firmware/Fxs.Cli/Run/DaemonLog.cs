using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

// Every line the daemon logs, as structured events (named fields, stable event IDs) so a journal or a
// JSON log can be filtered by field. The call's events read as the transcripts do (Fxs.Host's EventWords:
// `830 ms decided unit-line (step menu, strikes 0)`), names kebab-case. None carries a password digit: the port's monitor masks the
// password step's keys as 'x', and the sinks log record IDs only.
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
}
