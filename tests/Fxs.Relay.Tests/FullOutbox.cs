using System;
using Microsoft.Data.Sqlite;

namespace Fxs.Relay.Tests;

/// <summary>
/// A real SQLite outbox that is full: capped at <see cref="CapBytes"/> (SQLite's max_page_count,
/// the same cap <see cref="RelayOptions.OutboxMaxBytes"/> sets on a gateway), taken past that cap
/// by a blob, and its pages packed with rows until SQLite itself answers SQLITE_FULL ("database or
/// disk is full") to a 10-byte row, which is what a full partition answers too: no new record, no
/// row that grows (marked delivered, a failed attempt counted). Nothing of ours is mocked.
/// </summary>
public static class FullOutbox
{
    /// <summary>The cap, bytes: 16 pages of 4 KiB.</summary>
    public const long CapBytes = 64 * 1024;

    /// <summary>SQLite's primary result code for a full database or disk.</summary>
    public const int SqliteFull = 13;

    /// <summary>Opens the outbox at <paramref name="path"/> capped at <see cref="CapBytes"/> and fills it; returns it open.</summary>
    public static Outbox Open(string path)
    {
        var outbox = new Outbox(path, CapBytes);
        Fill(outbox);
        return outbox;
    }

    /// <summary>Fills <paramref name="outbox"/> (opened with a cap) until SQLite answers SQLITE_FULL for the smallest row (fillers never due); returns the rows added.</summary>
    public static int Fill(Outbox outbox)
    {
        // The fillers stand for space taken (anything else on the partition): pending rows that are
        // never due within a test (first attempt in 10 years), so the relay leaves them alone.
        DateTimeOffset later = DateTimeOffset.UtcNow.AddYears(10);
        int n = 0;
        // 1. Small rows, so that the page holding the rows already there is packed (a record that
        //    grows there, e.g. marked delivered with the backend's answer, needs a new page then).
        n += AddUntilFull(outbox, 10, 100, later, n);
        // 2. The rest of the partition taken by something else: a blob written through a second
        //    connection (without the cap) takes the database past its cap, so SQLite can allocate
        //    no page any more for the outbox.
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = outbox.Path, Pooling = false }.ToString()))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE IF NOT EXISTS ballast(b BLOB); INSERT INTO ballast VALUES (zeroblob($bytes));";
            cmd.Parameters.AddWithValue("$bytes", CapBytes);
            cmd.ExecuteNonQuery();
        }
        // 3. What is left in the pages it has, with ever smaller rows, until even 10 bytes do not fit.
        foreach (int size in new[] { 1500, 400, 100, 10 }) { n += AddUntilFull(outbox, size, int.MaxValue, later, n); }
        return n;
    }

    // Filler rows go in through a connection of their own, capped as the outbox's is, with a first
    // attempt far ahead on the outbox's monotonic clock (issue #12 item 4: Add makes a record due at once).
    private static int AddUntilFull(Outbox outbox, int size, int most, DateTimeOffset at, int first)
    {
        string filler = new('f', size);
        long never = outbox.ClockMs() + (long)TimeSpan.FromDays(3650).TotalMilliseconds;
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = outbox.Path, Pooling = false }.ToString());
        c.Open();
        using (SqliteCommand cap = c.CreateCommand())
        {
            cap.CommandText = "PRAGMA busy_timeout=5000; PRAGMA max_page_count=" + (CapBytes / 4096) + ";";
            cap.ExecuteNonQuery();
        }
        for (int k = 0; k < most; k++)
        {
            try
            {
                using SqliteCommand insert = c.CreateCommand();
                insert.CommandText = """
                    INSERT INTO outbox (record_id, created_ms, call_end_ms, body, state, attempts, next_attempt_ms, created_clock_ms, due_clock_ms)
                    VALUES ($id, $at, $at, $body, 0, 0, $at, $never, $never)
                    """;
                insert.Parameters.AddWithValue("$id", FillerPrefix + (first + k));
                insert.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$body", filler);
                insert.Parameters.AddWithValue("$never", never);
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
            {
                return k;
            }
            if (k > 10_000) { throw new InvalidOperationException("the outbox has no cap: it never filled up"); }
        }
        return most;
    }

    /// <summary>The record IDs of the filler rows begin with this.</summary>
    public const string FillerPrefix = "filler-";
}
