using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Fxs.Relay;

/// <summary>
/// Issue #12 item 4: the outbox's own clock, in milliseconds, that never reads the wall clock. It
/// runs on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>: CLOCK_MONOTONIC on
/// Linux, which no date change, NTP step or unset RTC moves) and is kept in the outbox's
/// <c>clock</c> row as (boot ID, monotonic ms, clock ms), so it resumes across restarts. A record's
/// age is this clock minus its <c>created_clock_ms</c>; retry times and pruning are on it too.
/// <para>What it counts while the daemon is not running:</para>
/// <list type="bullet">
/// <item>Same boot (the kernel's boot ID unchanged: the daemon crashed, was restarted or
/// upgraded): CLOCK_MONOTONIC is system-wide and went on, so the gap is counted exactly, saved or
/// not.</item>
/// <item>After a reboot (power cut): the monotonic clock began again at boot, so the time since
/// boot until the outbox opens is counted (a lower bound of the gap); the time between the last
/// save and the cut, and the time the board was off, are not known and not counted. The daemon
/// saves the clock at every new record and at most every <see cref="RelaySender.ClockSaveInterval"/>
/// while records are pending, so the first part is at most that. A record thus looks younger than
/// it is by the time the board was off: the backend keeps its password that much longer than 24 h
/// after the call (bounded by the outage; the relay and the backend both stop at an age of 24 h as
/// this clock counts it). Undercounting was chosen over trusting the wall clock across the gap: a
/// gateway without an RTC boots in 2000 and would make every record look 26 years old, or none.</item>
/// </list>
/// </summary>
public sealed class OutboxClock
{
    private const string BootIdFile = "/proc/sys/kernel/random/boot_id";

    private readonly TimeProvider _time;
    private readonly SqliteConnection _c;
    private readonly long _openedTimestamp;
    private readonly long _clockAtOpenMs;

    private OutboxClock(TimeProvider time, SqliteConnection c, long clockAtOpenMs)
    {
        _time = time;
        _c = c;
        _openedTimestamp = time.GetTimestamp();
        _clockAtOpenMs = clockAtOpenMs;
        SavedAtMs = clockAtOpenMs;
    }

    /// <summary>The clock's value at its last save, ms.</summary>
    public long SavedAtMs { get; private set; }

    /// <summary>How much the clock was moved on at open for the time the outbox was closed, ms.</summary>
    public long GapCountedMs { get; private init; }

    /// <summary>The clock now, ms.</summary>
    public long NowMs() => _clockAtOpenMs + (long)_time.GetElapsedTime(_openedTimestamp).TotalMilliseconds;

    /// <summary>The kernel's boot ID (null when not on Linux or unreadable: every open then counts as after a reboot).</summary>
    public static string? BootId()
    {
        try { return File.ReadAllText(BootIdFile).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The monotonic clock, ms (since boot on Linux with the system's provider).</summary>
    public static long MonotonicMs(TimeProvider time) => (long)((Int128)time.GetTimestamp() * 1000 / time.TimestampFrequency);

    /// <summary>The clock as the outbox left it, moved on by what can be known of the time since (see the class).</summary>
    internal static OutboxClock Resume(TimeProvider time, SqliteConnection c, ILogger log, string path)
    {
        string? boot = BootId();
        long mono = MonotonicMs(time);
        long clock = 0, gap = 0;
        using (SqliteCommand read = c.CreateCommand())
        {
            read.CommandText = "SELECT boot_id, mono_ms, clock_ms FROM clock WHERE id = 1";
            using SqliteDataReader r = read.ExecuteReader();
            if (r.Read())
            {
                string? savedBoot = r.IsDBNull(0) ? null : r.GetString(0);
                long savedMono = r.GetInt64(1);
                clock = r.GetInt64(2);
                gap = boot is not null && boot == savedBoot ? Math.Max(0, mono - savedMono) : Math.Max(0, mono);
                if (boot is null || boot != savedBoot)
                {
                    log.LogInformation("outbox {Path}: opened after a reboot; pending records' ages resume with the {UptimeS} s since boot (the time the board was off is not counted)",
                        path, (gap / 1000).ToString(CultureInfo.InvariantCulture));
                }
            }
        }
        var resumed = new OutboxClock(time, c, clock + gap) { GapCountedMs = gap };
        try
        {
            resumed.Save(null);
        }
        catch (SqliteException)
        {
            // A full outbox still opens (it refuses records, not its own use); the next record's commit saves the clock.
        }
        return resumed;
    }

    /// <summary>Writes (boot ID, monotonic ms, clock ms) now, in <paramref name="tx"/> when given.</summary>
    internal void Save(SqliteTransaction? tx)
    {
        long now = NowMs();
        using SqliteCommand cmd = _c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO clock (id, boot_id, mono_ms, clock_ms) VALUES (1, $boot, $mono, $clock) "
            + "ON CONFLICT (id) DO UPDATE SET boot_id = $boot, mono_ms = $mono, clock_ms = $clock";
        cmd.Parameters.AddWithValue("$boot", (object?)BootId() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$mono", MonotonicMs(_time));
        cmd.Parameters.AddWithValue("$clock", now);
        cmd.ExecuteNonQuery();
        SavedAtMs = now;
    }
}
