using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
    /// <summary>SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.</summary>
    private const int SqliteCorrupt = 11, SqliteNotADatabase = 26;

    /// <summary>Issue #12: the WAL file is cut back to this after a checkpoint, bytes (256 KiB).</summary>
    public const long WalSizeLimitBytes = 256 * 1024;

    private readonly Lock _lock = new();
    private readonly long _maxBytes;
    private readonly long _reserveBytes;
    private readonly ILogger _log;
    private SqliteConnection? _c;

    /// <param name="path">The SQLite file.</param>
    /// <param name="maxBytes">Issue #12: the most the database may grow to, bytes (0: no cap). SQLite's
    /// max_page_count, so a full outbox refuses a record cleanly (SQLITE_FULL, the IVR then says it
    /// cannot set the password now) instead of filling the gateway's partition.</param>
    /// <param name="reserveBytes">Issue #12: free space the file system must keep for a new record to
    /// be taken, bytes (0: none): below it <see cref="Add"/> refuses, and what is left stays for
    /// the relay's own writes (marking records delivered, checkpoints), which free space again.</param>
    /// <param name="log">Where a damaged outbox moved aside, or one that cannot be opened, is said.</param>
    /// <remarks>
    /// Never throws for the medium: a file that cannot be opened or created (disk full, read-only,
    /// missing directory) leaves the outbox closed (<see cref="IsOpen"/> false, <see cref="Problem"/>
    /// says why); every use tries to open it again and throws while it cannot (the sink then
    /// refuses records, the sender backs off). A damaged file (not a database, or failing
    /// quick_check) is moved aside as <c>PATH.corrupt-YYYYMMDDTHHMMSSZ</c> (with its -wal and -shm,
    /// kept for the engineer) and a fresh outbox opened, loudly logged.
    /// </remarks>
    public Outbox(string path, long maxBytes = 0, long reserveBytes = 0, ILogger? log = null)
    {
        Path = path;
        _maxBytes = maxBytes;
        _reserveBytes = reserveBytes;
        _log = log ?? NullLogger.Instance;
        lock (_lock)
        {
            try
            {
                Connection();
            }
            catch (Exception e) when (IsMedium(e))
            {
                // Logged by Connection(); the next use tries again.
            }
        }
    }

    /// <summary>True while the SQLite file is open.</summary>
    public bool IsOpen { get { lock (_lock) { return _c is not null; } } }

    /// <summary>Why the outbox is not open (null when it is).</summary>
    public string? Problem { get; private set; }

    /// <summary>Where the last damaged file was moved (null when none was).</summary>
    public string? MovedAside { get; private set; }

    public string Path { get; }

    /// <summary>
    /// Commits a new pending record, due at once. Durable when it returns. Throws
    /// <see cref="OutboxFullException"/> when the file system has less than the reserve free, an
    /// <see cref="SqliteException"/> (SQLITE_FULL) at the cap or on a full disk.
    /// </summary>
    public void Add(string recordId, DateTimeOffset createdAt, DateTimeOffset callEnd, string body)
    {
        lock (_lock)
        {
            Connection();
            if (_reserveBytes > 0)
            {
                long free = FreeBytes();
                if (free < _reserveBytes)
                {
                    throw new OutboxFullException($"the outbox's file system has {free} bytes free, under the {_reserveBytes}-byte reserve");
                }
            }
            Exec("INSERT INTO outbox (record_id, created_ms, call_end_ms, body, state, attempts, next_attempt_ms) VALUES ($id, $now, $end, $body, 0, 0, $now)",
                null, ("$id", recordId), ("$now", createdAt.ToUnixTimeMilliseconds()), ("$end", callEnd.ToUnixTimeMilliseconds()), ("$body", body));
        }
    }

    /// <summary>Pending rows due at <paramref name="now"/>, oldest record first (issue #12: by creation, not by retry time).</summary>
    public IReadOnlyList<OutboxRow> Due(DateTimeOffset now, int limit = 16) =>
        Query("WHERE state = 0 AND next_attempt_ms <= $now ORDER BY created_ms, record_id LIMIT $limit",
            ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <summary>Every row (tests, diagnostics).</summary>
    public IReadOnlyList<OutboxRow> All() => Query("ORDER BY created_ms");

    public OutboxRow? Find(string recordId) => Query("WHERE record_id = $id", ("$id", recordId)).SingleOrDefault();

    /// <summary>When the next pending row is due, if any.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            Connection();
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
            Connection();
            Exec("UPDATE outbox SET attempts = attempts + 1, last_error = $err, next_attempt_ms = $next WHERE record_id = $id AND state = 0",
                null, ("$id", recordId), ("$err", error), ("$next", next.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>
    /// Issue #12: the backend is not answering: no pending row is tried before <paramref name="next"/>
    /// (an outage is the backend's, not a record's), so that all are tried together, oldest first,
    /// when it answers again. Returns how many rows moved.
    /// </summary>
    public int DeferPending(DateTimeOffset next)
    {
        lock (_lock)
        {
            Connection();
            return Exec("UPDATE outbox SET next_attempt_ms = $next WHERE state = 0 AND next_attempt_ms < $next", null, ("$next", next.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>Makes every pending row due at <paramref name="now"/> (the backend answers again); returns how many moved.</summary>
    public int MakePendingDue(DateTimeOffset now)
    {
        lock (_lock)
        {
            Connection();
            return Exec("UPDATE outbox SET next_attempt_ms = $now WHERE state = 0 AND next_attempt_ms > $now", null, ("$now", now.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>Deletes delivered rows finished before <paramref name="before"/>; returns how many.</summary>
    public int PruneDelivered(DateTimeOffset before)
    {
        lock (_lock)
        {
            Connection();
            return Exec("DELETE FROM outbox WHERE state = 1 AND done_ms < $t", null, ("$t", before.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>
    /// Issue #12: moves the WAL's pages into the database and cuts the WAL file back to
    /// <see cref="WalSizeLimitBytes"/> (wal_checkpoint(TRUNCATE) when no reader holds it), so the
    /// WAL does not grow with every failed attempt. Returns the WAL frames that were in it.
    /// </summary>
    public int Checkpoint()
    {
        lock (_lock)
        {
            Connection();
            using SqliteCommand cmd = Command("PRAGMA wal_checkpoint(TRUNCATE);", null);
            using SqliteDataReader r = cmd.ExecuteReader();
            return r.Read() ? r.GetInt32(1) : 0;
        }
    }

    /// <summary>Free bytes on the outbox's file system (statvfs), for the reserve.</summary>
    public long FreeBytes()
    {
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? "/";
        return new DriveInfo(dir).AvailableFreeSpace;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _c?.Dispose();
            _c = null;
        }
    }

    // The open connection; opens (or re-opens) the file when it is not. Call under the lock.
    private SqliteConnection Connection()
    {
        if (_c is not null) { return _c; }
        try
        {
            _c = OpenOrMoveAside();
            if (Problem is not null) { _log.LogInformation("outbox {Path}: open again", Path); }
            Problem = null;
            return _c;
        }
        catch (Exception e) when (IsMedium(e))
        {
            string problem = e.GetType().Name + ": " + e.Message;
            if (problem != Problem) { _log.LogCritical("outbox {Path} cannot be opened: {Problem}; set passwords are refused until it can", Path, problem); }
            Problem = problem;
            throw;
        }
    }

    private SqliteConnection OpenOrMoveAside()
    {
        try
        {
            return Open();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            string aside = Path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            SqliteConnection.ClearAllPools();
            File.Move(Path, aside);
            foreach (string side in new[] { "-wal", "-shm" })
            {
                if (File.Exists(Path + side)) { File.Move(Path + side, aside + side); }
            }
            MovedAside = aside;
            _log.LogCritical("outbox {Path} is damaged ({Problem}): moved aside to {Aside} (kept for an engineer); a fresh outbox is opened. Records pending in it are NOT sent",
                Path, e.Message, aside);
            return Open();
        }
    }

    private SqliteConnection Open()
    {
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (dir is not null) { Fxs.Relay.Sealing.PrivateFiles.EnsureDirectory(dir); } // 0700 for a new folder (issue #13 item 5)
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        try
        {
            // 0600 before SQLite opens it, so the -wal and -shm it makes are 0600 too (issue #13 item 5).
            Fxs.Relay.Sealing.PrivateFiles.TightenSqlite(Path);
            c.Open();
            _c = c;
            Exec("PRAGMA journal_mode=WAL;");
            Exec("PRAGMA synchronous=FULL;");
            Exec("PRAGMA busy_timeout=5000;");
            Exec("PRAGMA journal_size_limit=" + WalSizeLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            if (_maxBytes > 0)
            {
                long pageBytes = Convert.ToInt64(Scalar("PRAGMA page_size;"));
                Exec("PRAGMA max_page_count=" + Math.Max(1, _maxBytes / pageBytes).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            }
            string check = Convert.ToString(Scalar("PRAGMA quick_check;")) ?? "";
            if (check != "ok") { throw new SqliteException("quick_check: " + check, SqliteCorrupt); }
            if (Convert.ToInt64(Scalar("PRAGMA user_version;")) < 1)
            {
                using SqliteTransaction tx = c.BeginTransaction();
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
            if (!OperatingSystem.IsWindows()) { File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
            return c;
        }
        catch
        {
            _c = null;
            c.Dispose();
            throw;
        }
    }

    /// <summary>A failure of the medium or the file (not of our SQL): the outbox stays closed and is tried again.</summary>
    private static bool IsMedium(Exception e) => e is SqliteException or IOException or UnauthorizedAccessException;

    private void Finish(string recordId, OutboxState state, string? answer, string? error, DateTimeOffset now)
    {
        lock (_lock)
        {
            Connection();
            Exec("UPDATE outbox SET state = $s, attempts = attempts + 1, answer = $a, last_error = $e, done_ms = $now WHERE record_id = $id AND state = 0",
                null, ("$id", recordId), ("$s", (int)state), ("$a", answer), ("$e", error), ("$now", now.ToUnixTimeMilliseconds()));
        }
    }

    private List<OutboxRow> Query(string where, params (string, object?)[] args)
    {
        lock (_lock)
        {
            Connection();
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
        SqliteCommand cmd = (_c ?? throw new InvalidOperationException("the outbox is not open")).CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach ((string name, object? value) in args) { cmd.Parameters.AddWithValue(name, value ?? DBNull.Value); }
        return cmd;
    }
}

/// <summary>Issue #12: the outbox refuses a record because its file system is under the reserve.</summary>
public sealed class OutboxFullException(string message) : IOException(message);
