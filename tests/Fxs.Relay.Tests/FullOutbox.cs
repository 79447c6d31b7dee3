using System;
using Microsoft.Data.Sqlite;

namespace Fxs.Relay.Tests;

/// <summary>
/// A real SQLite outbox that is full: capped at <see cref="CapBytes"/> (SQLite's max_page_count,
/// the same cap <see cref="RelayOptions.OutboxMaxBytes"/> sets on a gateway) and filled with
/// records until SQLite itself answers SQLITE_FULL ("database or disk is full"), which is what a
/// full partition answers too. Nothing of ours is mocked.
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
        DateTimeOffset now = DateTimeOffset.UtcNow;
        int n = 0;
        // Record-sized rows until SQLite is full, then ever smaller ones into what is left of the pages.
        foreach (int size in new[] { 1500, 400, 100, 10 })
        {
            string filler = new('f', size);
            while (true)
            {
                try
                {
                    outbox.Add("filler-" + n++, now, now, filler);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
                {
                    break;
                }
                if (n > 10_000) { outbox.Dispose(); throw new InvalidOperationException("the capped outbox never filled up"); }
            }
        }
        return outbox;
    }
}
