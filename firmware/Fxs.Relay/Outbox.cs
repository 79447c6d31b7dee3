using Microsoft.Data.Sqlite;

namespace Fxs.Relay;

/// <summary>What became of an outbox row.</summary>
public enum OutboxState
{
    /// <summary>Waiting for (another) delivery attempt at <see cref="OutboxRow.NextAttemptAt"/>.</summary>
    Pending = 0,
    /// <summary>The backend answered 2xx; the answer is kept.</summary>
    Delivered = 1,
    /// <summary>Parked: a definitive 4xx (problem details kept), or undeliverable before the password expired. Never retried.</summary>
    Rejected = 2,
}

/// <summary>One record in the outbox. <see cref="Body"/> is the device API's JSON exactly as sent (password sealed).</summary>
public sealed record OutboxRow(string RecordId, DateTimeOffset CreatedAt, DateTimeOffset CallEnd, string Body, OutboxState State,
    int Attempts, DateTimeOffset NextAttemptAt, string? LastError, string? Answer);

/// <summary>
/// The durable outbox: a SQLite file (WAL, synchronous=FULL, so a committed INSERT is on the medium
/// before <see cref="Add"/> returns and survives a power cut). One connection, serialised by a lock
/// (the IVR's sink and the sender share it; nothing holds the lock across network I/O).
/// <para>Schema (PRAGMA user_version = 1):</para>
/// <code>
/// outbox(record_id TEXT PRIMARY KEY, created_ms, call_end_ms, body TEXT, state INTEGER,
///        attempts INTEGER, next_attempt_ms INTEGER, last_error TEXT, answer TEXT, done_ms INTEGER)
/// index (state, next_attempt_ms)
/// </code>
/// Times are Unix milliseconds UTC. The body holds the sealed password only (never plaintext).
/// </summary>
public sealed class Outbox : IDisposable
{
    private readonly SqliteConnection _c;
    private readonly Lock _lock = new();

    public Outbox(string path)
    {
        Path = path;
        // 0600 before SQLite opens it, so the -wal and -shm it makes are 0600 too (issue #13 item 5).
        Fxs.Relay.Sealing.PrivateFiles.TightenSqlite(path);
        _c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        _c.Open();
        Exec("PRAGMA journal_mode=WAL;");
        Exec("PRAGMA synchronous=FULL;");
        Exec("PRAGMA busy_timeout=5000;");
        if (Convert.ToInt64(Scalar("PRAGMA user_version;")) < 1)
        {
            using SqliteTransaction tx = _c.BeginTransaction();
            Exec("""
                CREATE TABLE IF NOT EXISTS outbox (
                  record_id TEXT PRIMARY KEY,
                  created_ms INTEGER NOT NULL,
                  call_end_ms INTEGER NOT NULL,
                  body TEXT NOT NULL,
                  state INTEGER NOT NULL DEFAULT 0,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  next_attempt_ms INTEGER NOT NULL,
                  last_error TEXT,
                  answer TEXT,
                  done_ms INTEGER);
                CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt_ms);
                PRAGMA user_version = 1;
                """, tx);
            tx.Commit();
        }
    }

    public string Path { get; }

    /// <summary>Commits a new pending record, due at once. Durable when it returns.</summary>
    public void Add(string recordId, DateTimeOffset createdAt, DateTimeOffset callEnd, string body)
    {
        lock (_lock)
        {
            Exec("INSERT INTO outbox (record_id, created_ms, call_end_ms, body, state, attempts, next_attempt_ms) VALUES ($id, $now, $end, $body, 0, 0, $now)",
                null, ("$id", recordId), ("$now", createdAt.ToUnixTimeMilliseconds()), ("$end", callEnd.ToUnixTimeMilliseconds()), ("$body", body));
        }
    }

    /// <summary>Pending rows due at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<OutboxRow> Due(DateTimeOffset now, int limit = 16) =>
        Query("WHERE state = 0 AND next_attempt_ms <= $now ORDER BY next_attempt_ms, created_ms LIMIT $limit",
            ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <summary>Every row (tests, diagnostics).</summary>
    public IReadOnlyList<OutboxRow> All() => Query("ORDER BY created_ms");

    public OutboxRow? Find(string recordId) => Query("WHERE record_id = $id", ("$id", recordId)).SingleOrDefault();

    /// <summary>When the next pending row is due, if any.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            object? v = Scalar("SELECT MIN(next_attempt_ms) FROM outbox WHERE state = 0");
            return v is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(v));
        }
    }

    public void MarkDelivered(string recordId, string answer, DateTimeOffset now) =>
        Finish(recordId, OutboxState.Delivered, answer, null, now);

    public void MarkRejected(string recordId, string problem, DateTimeOffset now) =>
        Finish(recordId, OutboxState.Rejected, null, problem, now);

    /// <summary>A failed attempt: counted, the error kept (never the password: the body is sealed), next try at <paramref name="next"/>.</summary>
    public void Reschedule(string recordId, string error, DateTimeOffset next)
    {
        lock (_lock)
        {
            Exec("UPDATE outbox SET attempts = attempts + 1, last_error = $err, next_attempt_ms = $next WHERE record_id = $id AND state = 0",
                null, ("$id", recordId), ("$err", error), ("$next", next.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>Deletes delivered rows finished before <paramref name="before"/>; returns how many.</summary>
    public int PruneDelivered(DateTimeOffset before)
    {
        lock (_lock)
        {
            return Exec("DELETE FROM outbox WHERE state = 1 AND done_ms < $t", null, ("$t", before.ToUnixTimeMilliseconds()));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _c.Dispose();
        }
    }

    private void Finish(string recordId, OutboxState state, string? answer, string? error, DateTimeOffset now)
    {
        lock (_lock)
        {
            Exec("UPDATE outbox SET state = $s, attempts = attempts + 1, answer = $a, last_error = $e, done_ms = $now WHERE record_id = $id AND state = 0",
                null, ("$id", recordId), ("$s", (int)state), ("$a", answer), ("$e", error), ("$now", now.ToUnixTimeMilliseconds()));
        }
    }

    private List<OutboxRow> Query(string where, params (string, object?)[] args)
    {
        lock (_lock)
        {
            using SqliteCommand cmd = Command("SELECT record_id, created_ms, call_end_ms, body, state, attempts, next_attempt_ms, last_error, answer FROM outbox " + where, null, args);
            using SqliteDataReader r = cmd.ExecuteReader();
            var rows = new List<OutboxRow>();
            while (r.Read())
            {
                rows.Add(new OutboxRow(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                    r.GetString(3), (OutboxState)r.GetInt32(4), r.GetInt32(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                    r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)));
            }
            return rows;
        }
    }

    private int Exec(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using SqliteCommand cmd = Command(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using SqliteCommand cmd = Command(sql, null);
        return cmd.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        SqliteCommand cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach ((string name, object? value) in args) { cmd.Parameters.AddWithValue(name, value ?? DBNull.Value); }
        return cmd;
    }
}
