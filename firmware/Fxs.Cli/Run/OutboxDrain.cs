using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Fxs.Relay;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

/// <summary>
/// Issue #15 item 3: what the outbox still holds when the daemon stops. After the phone's script
/// (<c>--exit-after-script</c>) the daemon waits, bounded (<c>--drain-timeout</c>, default
/// <see cref="DefaultBound"/>), for the relay to deliver what is pending; and every stop (signal,
/// script end) logs how many records are left pending and the oldest one's age, so a gateway stopped
/// for maintenance says what it will send at its next start. Never a record's body.
/// </summary>
internal static class OutboxDrain
{
    /// <summary>The default bound of the wait after the script, 30 s: a first attempt plus the relay's in-process retries (1 s, 2 s) and a slow TLS handshake.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(30);

    /// <summary>How often the wait looks at the outbox, 100 ms.</summary>
    private static readonly TimeSpan LookEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until nothing is pending, <paramref name="bound"/> has passed, the next pending record is
    /// due only after the bound (the relay backs off: waiting would change nothing), or <paramref name="stop"/>.
    /// </summary>
    public static void Wait(Outbox outbox, TimeSpan bound, CancellationToken stop, ILogger log)
    {
        Pending? first = Read(outbox, out _);
        if (bound <= TimeSpan.Zero || first is null || first.Value.Count == 0) { return; }
        DaemonLog.Draining(log, first.Value.Count, (long)bound.TotalSeconds);
        var watch = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            Pending? now = Read(outbox, out _);
            if (now is null) { return; }
            if (now.Value.Count == 0)
            {
                DaemonLog.Drained(log, watch.ElapsedMilliseconds);
                return;
            }
            TimeSpan left = bound - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                DaemonLog.DrainGaveUp(log, (long)bound.TotalSeconds, "the bound passed");
                return;
            }
            TimeSpan? due = UntilNextDue(outbox);
            if (due is TimeSpan d && d > left)
            {
                DaemonLog.DrainGaveUp(log, (long)bound.TotalSeconds, "the relay's next attempt is due in " + Relay.RelayCommand.Duration(d) + ", after it");
                return;
            }
            stop.WaitHandle.WaitOne(LookEvery);
        }
    }

    /// <summary>The stop's line: records left pending and the oldest's age (or why the outbox could not be read).</summary>
    public static void LogStopped(ILogger log, Outbox outbox)
    {
        Pending? p = Read(outbox, out string? problem);
        if (p is null)
        {
            DaemonLog.StoppedPendingUnknown(log, problem ?? "unknown");
        }
        else if (p.Value.Count == 0)
        {
            DaemonLog.StoppedNothingPending(log);
        }
        else
        {
            DaemonLog.StoppedPending(log, p.Value.Count, p.Value.Count == 1 ? "record" : "records", Relay.RelayCommand.Duration(p.Value.Oldest));
        }
    }

    /// <summary>Records pending and the oldest one's age since its call ended.</summary>
    internal readonly record struct Pending(int Count, TimeSpan Oldest);

    /// <summary>What is pending; null (and the reason) when the outbox cannot be read (it never opened: issue #12).</summary>
    internal static Pending? Read(Outbox outbox, out string? problem)
    {
        problem = null;
        if (!outbox.IsOpen)
        {
            problem = "the outbox is not open: " + (outbox.Problem ?? "unknown");
            return null;
        }
        try
        {
            int count = 0;
            TimeSpan oldest = TimeSpan.Zero;
            foreach (OutboxRow row in outbox.All())
            {
                if (row.State != OutboxState.Pending) { continue; }
                count++;
                if (row.Age > oldest) { oldest = row.Age; }
            }
            return new Pending(count, oldest);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            problem = e.GetType().Name + ": " + Relay.RelayCommand.OneLine(e.Message);
            return null;
        }
    }

    /// <summary>The last delivery error of the pending record tried most recently (`fxs status`); the relay writes it (HTTP status or exception chain: never a body).</summary>
    internal static string? LastError(Outbox outbox)
    {
        if (!outbox.IsOpen) { return null; }
        try
        {
            string? error = null;
            foreach (OutboxRow row in outbox.All())
            {
                if (row.State != OutboxState.Delivered && row.LastError is not null) { error = row.LastError; }
            }
            return error is null ? null : Relay.RelayCommand.OneLine(error);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private static TimeSpan? UntilNextDue(Outbox outbox)
    {
        try { return outbox.UntilNextDue(); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException) { return null; }
    }
}
