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

/// <summary>
/// One record in the outbox. <see cref="Body"/> is the device API's JSON as sealed (the relay adds
/// the record's age, <c>ageMs</c>, at each attempt). <see cref="CreatedAt"/> and
/// <see cref="CallEnd"/> are the gateway's wall clock (shown, never trusted); <see cref="Age"/>
/// (since the call ended) and <see cref="DueIn"/> (until the next attempt; zero or less: due) are
/// on the outbox's monotonic clock when the row was read (issue #12 item 4).
/// </summary>
public sealed record OutboxRow(string RecordId, DateTimeOffset CreatedAt, DateTimeOffset CallEnd, string Body, OutboxState State,
    int Attempts, TimeSpan Age, TimeSpan DueIn, string? LastError, string? Answer)
{
    /// <summary>The call's end on the outbox's monotonic clock, ms (<see cref="Outbox.AgeOf"/> reads the age from it at any later moment).</summary>
    public long CreatedClockMs { get; init; }

    /// <summary>Delivered, and the backend answered that the password had already expired when it arrived (TP-16).</summary>
    public bool ExpiredOnArrival => State == OutboxState.Delivered && Answer is not null
        && Answer.Contains("\"status\":\"expired\"", StringComparison.Ordinal);
}

/// <summary>
/// The durable outbox: a SQLite file (WAL, synchronous=FULL, so a committed INSERT is on the medium
/// before <see cref="Add"/> returns and survives a power cut). One connection, serialised by a lock
/// (the IVR's sink and the sender share it; nothing holds the lock across network I/O).
/// <para>Schema (PRAGMA user_version = 2):</para>
/// <code>
/// outbox(record_id TEXT PRIMARY KEY, created_ms, call_end_ms, body TEXT, state INTEGER,
///        attempts INTEGER, next_attempt_ms INTEGER, last_error TEXT, answer TEXT, done_ms INTEGER,
///        created_clock_ms INTEGER, due_clock_ms INTEGER, done_clock_ms INTEGER)
/// index (state, due_clock_ms)
/// clock(id = 1, boot_id TEXT, mono_ms INTEGER, clock_ms INTEGER)
/// </code>
/// <c>*_clock_ms</c> are on the outbox's own monotonic clock (<see cref="OutboxClock"/>, issue #12
/// item 4): a record's age, its retry schedule and the pruning never read the wall clock.
/// <c>created_ms</c>, <c>call_end_ms</c> and <c>done_ms</c> are the gateway's wall clock (Unix ms
/// UTC), kept for people only; <c>next_attempt_ms</c> is the v1 schedule, no longer used. The body
/// holds the sealed password only (never plaintext).
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
    private readonly TimeProvider _time;
    private SqliteConnection? _c;
    private OutboxClock? _clock;

    /// <param name="path">The SQLite file.</param>
    /// <param name="maxBytes">Issue #12: the most the database may grow to, bytes (0: no cap). SQLite's
    /// max_page_count, so a full outbox refuses a record cleanly (SQLITE_FULL, the IVR then says it
    /// cannot set the password now) instead of filling the gateway's partition.</param>
    /// <param name="reserveBytes">Issue #12: free space the file system must keep for a new record to
    /// be taken, bytes (0: none): below it <see cref="Add"/> refuses, and what is left stays for
    /// the relay's own writes (marking records delivered, checkpoints), which free space again.</param>
    /// <param name="log">Where a damaged outbox moved aside, or one that cannot be opened, is said.</param>
    /// <param name="time">The monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) under the outbox's
    /// clock, and the wall clock for the informational columns; default the system's. Tests drive it.</param>
    /// <remarks>
    /// Never throws for the medium: a file that cannot be opened or created (disk full, read-only,
    /// missing directory) leaves the outbox closed (<see cref="IsOpen"/> false, <see cref="Problem"/>
    /// says why); every use tries to open it again and throws while it cannot (the sink then
    /// refuses records, the sender backs off). A damaged file (not a database, or failing
    /// quick_check) is moved aside as <c>PATH.corrupt-YYYYMMDDTHHMMSSZ</c> (with its -wal and -shm,
    /// kept for the engineer) and a fresh outbox opened, loudly logged.
    /// </remarks>
    public Outbox(string path, long maxBytes = 0, long reserveBytes = 0, ILogger? log = null, TimeProvider? time = null)
    {
        Path = path;
        _time = time ?? TimeProvider.System;
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
    /// Commits a new pending record, due at once, <paramref name="ageAtAdd"/> old already (the line
    /// time since the call ended). Durable when it returns. Throws
    /// <see cref="OutboxFullException"/> when the file system has less than the reserve free, an
    /// <see cref="SqliteException"/> (SQLITE_FULL) at the cap or on a full disk.
    /// </summary>
    public void Add(string recordId, DateTimeOffset createdAt, DateTimeOffset callEnd, string body, TimeSpan ageAtAdd = default)
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
            long clock = _clock!.NowMs();
            using SqliteTransaction tx = _c!.BeginTransaction();
            Exec("""
                INSERT INTO outbox (record_id, created_ms, call_end_ms, body, state, attempts, next_attempt_ms, created_clock_ms, due_clock_ms)
                VALUES ($id, $now, $end, $body, 0, 0, $now, $created, $clock)
                """,
                tx, ("$id", recordId), ("$now", createdAt.ToUnixTimeMilliseconds()), ("$end", callEnd.ToUnixTimeMilliseconds()), ("$body", body),
                ("$created", clock - (long)Math.Max(0, ageAtAdd.TotalMilliseconds)), ("$clock", clock));
            _clock.Save(tx); // one commit, one fsync: the record and the clock it is measured on
            tx.Commit();
        }
    }

    /// <summary>Pending rows due now on the outbox's clock, oldest record first (issue #12: by the call's end, not by retry time).</summary>
    public IReadOnlyList<OutboxRow> Due(int limit = 16)
    {
        lock (_lock)
        {
            Connection();
            return Query("WHERE state = 0 AND due_clock_ms <= $now ORDER BY created_clock_ms, record_id LIMIT $limit",
                ("$now", _clock!.NowMs()), ("$limit", limit));
        }
    }

    /// <summary>Every row (tests, diagnostics).</summary>
    public IReadOnlyList<OutboxRow> All() => Query("ORDER BY created_clock_ms, record_id");

    public OutboxRow? Find(string recordId) => Query("WHERE record_id = $id", ("$id", recordId)).SingleOrDefault();

    /// <summary>How long until the next pending row is due on the outbox's clock (zero or less: now), null when none is pending.</summary>
    public TimeSpan? UntilNextDue()
    {
        lock (_lock)
        {
            Connection();
            object? v = Scalar("SELECT MIN(due_clock_ms) FROM outbox WHERE state = 0");
            return v is null or DBNull ? null : TimeSpan.FromMilliseconds(Convert.ToInt64(v) - _clock!.NowMs());
        }
    }

    /// <summary>The record's age now (since its call ended) on the outbox's monotonic clock.</summary>
    public TimeSpan AgeOf(OutboxRow row) => TimeSpan.FromMilliseconds(ClockMs() - row.CreatedClockMs);

    /// <summary>The outbox's monotonic clock now, ms (issue #12 item 4; <see cref="OutboxClock"/>).</summary>
    public long ClockMs()
    {
        lock (_lock)
        {
            Connection();
            return _clock!.NowMs();
        }
    }

    /// <summary>
    /// Writes the outbox's clock to the file when it was last written <paramref name="interval"/> or
    /// more ago and a record is pending (the ages of pending records then survive a power cut up to
    /// that much; a restart within the same boot loses nothing). True when it wrote.
    /// </summary>
    public bool SaveClockEvery(TimeSpan interval)
    {
        lock (_lock)
        {
            Connection();
            if (_clock!.NowMs() - _clock.SavedAtMs < (long)interval.TotalMilliseconds) { return false; }
            if (Convert.ToInt64(Scalar("SELECT COUNT(*) FROM outbox WHERE state = 0")) == 0) { return false; }
            _clock.Save(null);
            return true;
        }
    }

    public void MarkDelivered(string recordId, string answer) =>
        Finish(recordId, OutboxState.Delivered, answer, null);

    public void MarkRejected(string recordId, string problem) =>
        Finish(recordId, OutboxState.Rejected, null, problem);

    /// <summary>A failed attempt: counted, the error kept (never the password: the body is sealed), next try <paramref name="delay"/> from now on the outbox's clock.</summary>
    public void Reschedule(string recordId, string error, TimeSpan delay)
    {
        lock (_lock)
        {
            Connection();
            Exec("UPDATE outbox SET attempts = attempts + 1, last_error = $err, due_clock_ms = $next WHERE record_id = $id AND state = 0",
                null, ("$id", recordId), ("$err", error), ("$next", _clock!.NowMs() + (long)delay.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Issue #12: the backend is not answering: no pending row is tried before <paramref name="delay"/>
    /// from now (an outage is the backend's, not a record's), so that all are tried together, oldest
    /// first, when it answers again. Returns how many rows moved.
    /// </summary>
    public int DeferPending(TimeSpan delay)
    {
        lock (_lock)
        {
            Connection();
            return Exec("UPDATE outbox SET due_clock_ms = $next WHERE state = 0 AND due_clock_ms < $next", null,
                ("$next", _clock!.NowMs() + (long)delay.TotalMilliseconds));
        }
    }

    /// <summary>Makes every pending row due now (the backend answers again); returns how many moved.</summary>
    public int MakePendingDue()
    {
        lock (_lock)
        {
            Connection();
            return Exec("UPDATE outbox SET due_clock_ms = $now WHERE state = 0 AND due_clock_ms > $now", null, ("$now", _clock!.NowMs()));
        }
    }

    /// <summary>Deletes delivered rows finished more than <paramref name="olderThan"/> ago on the outbox's clock; returns how many.</summary>
    public int PruneDelivered(TimeSpan olderThan)
    {
        lock (_lock)
        {
            Connection();
            return Exec("DELETE FROM outbox WHERE state = 1 AND done_clock_ms < $t", null, ("$t", _clock!.NowMs() - (long)olderThan.TotalMilliseconds));
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
            _clock = null;
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
            if (Convert.ToInt64(Scalar("PRAGMA user_version;")) < 2)
            {
                // Issue #12 item 4: the outbox's monotonic clock. A v1 row has only the wall clock: its
                // age is taken from it once, bounded to 0 .. 24 h (the relay parks what is older).
                using SqliteTransaction tx = c.BeginTransaction();
                Exec("""
                    ALTER TABLE outbox ADD COLUMN created_clock_ms INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE outbox ADD COLUMN due_clock_ms INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE outbox ADD COLUMN done_clock_ms INTEGER;
                    DROP INDEX IF EXISTS outbox_due;
                    CREATE INDEX outbox_due_clock ON outbox(state, due_clock_ms);
                    CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), boot_id TEXT, mono_ms INTEGER NOT NULL, clock_ms INTEGER NOT NULL);
                    UPDATE outbox SET created_clock_ms = -min(max($wall - call_end_ms, 0), $lifetime), due_clock_ms = 0,
                      done_clock_ms = CASE WHEN state = 0 THEN NULL ELSE 0 END;
                    PRAGMA user_version = 2;
                    """, tx, ("$wall", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$lifetime", (long)RelaySender.RecordLifetime.TotalMilliseconds));
                tx.Commit();
            }
            _clock = OutboxClock.Resume(_time, c, _log, Path);
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

    private void Finish(string recordId, OutboxState state, string? answer, string? error)
    {
        lock (_lock)
        {
            Connection();
            Exec("""
                UPDATE outbox SET state = $s, attempts = attempts + 1, answer = $a, last_error = $e, done_ms = $wall, done_clock_ms = $clock
                WHERE record_id = $id AND state = 0
                """,
                null, ("$id", recordId), ("$s", (int)state), ("$a", answer), ("$e", error), ("$wall", _time.GetUtcNow().ToUnixTimeMilliseconds()),
                ("$clock", _clock!.NowMs()));
        }
    }

    private List<OutboxRow> Query(string where, params (string, object?)[] args)
    {
        lock (_lock)
        {
            Connection();
            using SqliteCommand cmd = Command("SELECT record_id, created_ms, call_end_ms, body, state, attempts, created_clock_ms, due_clock_ms, last_error, answer FROM outbox " + where, null, args);
            using SqliteDataReader r = cmd.ExecuteReader();
            long now = _clock!.NowMs();
            var rows = new List<OutboxRow>();
            while (r.Read())
            {
                rows.Add(new OutboxRow(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                    r.GetString(3), (OutboxState)r.GetInt32(4), r.GetInt32(5), TimeSpan.FromMilliseconds(now - r.GetInt64(6)),
                    TimeSpan.FromMilliseconds(r.GetInt64(7) - now), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9))
                { CreatedClockMs = r.GetInt64(6) });
            }
            return rows;
        }
    }

    private int Exec(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using SqliteCommand cmd = Command(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string, object?)[] args)
    {
        using SqliteCommand cmd = Command(sql, null, args);
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
