using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 4: a record's age is kept on the outbox's own monotonic clock, resumed across
/// restarts (exactly within a boot, from the boot on after a reboot), and never read from the wall
/// clock; v1 outboxes are carried over. Real SQLite files.
/// </summary>
public sealed class OutboxClockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-outbox-clock-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    [Fact]
    public void TheAgeGoesOnAcrossARestartAndIgnoresTheWallClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using (var outbox = new Outbox(OutboxPath, time: clock))
        {
            outbox.Add("r1", clock.GetUtcNow(), clock.GetUtcNow(), "{}", TimeSpan.FromSeconds(2));
            clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(TimeSpan.FromSeconds(602), outbox.Find("r1")!.Age);
        }
        clock.Advance(TimeSpan.FromMinutes(5)); // the daemon down, same boot: counted
        using (var reopened = new Outbox(OutboxPath, time: clock))
        {
            Assert.Equal(TimeSpan.FromSeconds(902), reopened.Find("r1")!.Age);
            Assert.True(reopened.Due().Count == 1); // due at once, whatever the wall clock says
        }
    }

    [Fact]
    public void AfterARebootTheTimeSinceBootIsCountedNotTheTimeTheBoardWasOff()
    {
        using (var outbox = new Outbox(OutboxPath))
        {
            outbox.Add("r1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{}", TimeSpan.FromSeconds(1));
        }
        using (var c = new SqliteConnection($"Data Source={OutboxPath};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE clock SET boot_id = 'an-earlier-boot', mono_ms = mono_ms + 86400000"; // saved late in a long earlier boot
            cmd.ExecuteNonQuery();
        }
        long sinceBootMs = OutboxClock.MonotonicMs(TimeProvider.System);
        using var reopened = new Outbox(OutboxPath);
        TimeSpan age = reopened.Find("r1")!.Age;
        Assert.InRange(age.TotalMilliseconds, sinceBootMs, sinceBootMs + 60_000);
    }

    [Fact]
    public void AVersion1OutboxIsCarriedOverItsRowsAgedByTheirCallEndBoundedTo24Hours()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using (var c = new SqliteConnection($"Data Source={OutboxPath};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE outbox (record_id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, call_end_ms INTEGER NOT NULL, body TEXT NOT NULL,
                  state INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL, last_error TEXT, answer TEXT, done_ms INTEGER);
                CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
                INSERT INTO outbox (record_id, created_ms, call_end_ms, body, next_attempt_ms) VALUES ('hour', $h, $h, '{}', $h), ('future', $f, $f, '{}', $f), ('old', $o, $o, '{}', $o);
                PRAGMA user_version = 1;
                """;
            cmd.Parameters.AddWithValue("$h", now.AddHours(-1).ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$f", now.AddDays(3).ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$o", now.AddDays(-3).ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }
        using var outbox = new Outbox(OutboxPath);
        Assert.InRange(outbox.Find("hour")!.Age, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.InRange(outbox.Find("future")!.Age, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.InRange(outbox.Find("old")!.Age, TimeSpan.FromHours(24), TimeSpan.FromHours(24.1));
        Assert.Equal(3, outbox.Due().Count);
        Assert.Equal(["old", "hour", "future"], outbox.Due().Select(r => r.RecordId));
    }
}
