using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fxs.Backend.Data;

/// <summary>Which database holds the backend's state (section "Store", key Provider).</summary>
public enum StoreProvider { Sqlite, PostgreSql }

/// <summary>
/// Section "Store" (issue #17 item 1): <c>Provider</c> = <c>Sqlite</c> (the embedded default: demo,
/// tests, a single-gateway lab; the file is <see cref="Hosting.BackendOptions.DatabasePath"/>) or
/// <c>PostgreSql</c> (production: several instances on one shared, replicated server), and for
/// PostgreSQL an Npgsql <c>ConnectionString</c>.
/// </summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>PostgreSQL: Npgsql's connection string (e.g. <c>Host=db;Database=fxs;Username=fxs;Password=...</c>). SQLite: unused.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>
/// The backend's database: SQLite (Microsoft.Data.Sqlite; WAL journal, synchronous=FULL so a
/// committed record survives power loss, foreign keys on) or PostgreSQL (Npgsql). One schema on
/// both, versioned in code: <see cref="Migrations"/>[i] takes the version from i to i + 1 in one
/// transaction (SQLite: PRAGMA user_version; PostgreSQL: table schema_version, under an advisory
/// lock so instances starting together migrate once). SQL is written once for both: parameters
/// as <c>@name</c>, integers read as Int64 (BIGINT on PostgreSQL), upserts as
/// <c>ON CONFLICT ... DO UPDATE</c>, <c>RETURNING</c>; what differs is behind
/// <see cref="LockNumberAsync"/> and <see cref="LockKeysAsync"/>.
/// </summary>
public sealed class Database : IAsyncDisposable, IDisposable
{
    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>A SQLite file.</summary>
    public Database(string path)
    {
        Provider = StoreProvider.Sqlite;
        Path = path;
        _sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }

    private Database(NpgsqlDataSource postgres)
    {
        Provider = StoreProvider.PostgreSql;
        _postgres = postgres;
    }

    /// <summary>A PostgreSQL database (Npgsql's pool per instance).</summary>
    public static Database PostgreSql(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>The store <paramref name="options"/> name; SQLite at <paramref name="sqlitePath"/>.</summary>
    public static Database From(StoreOptions options, string sqlitePath) => options.Provider switch
    {
        StoreProvider.Sqlite => new Database(sqlitePath),
        StoreProvider.PostgreSql => PostgreSql(string.IsNullOrWhiteSpace(options.ConnectionString)
            ? throw new InvalidOperationException("Store:Provider is PostgreSql but Store:ConnectionString is empty.")
            : options.ConnectionString),
        _ => throw new InvalidOperationException($"Store:Provider {options.Provider}: expected Sqlite or PostgreSql."),
    };

    public StoreProvider Provider { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? Path { get; }

    /// <summary>One migration: the same schema step in each dialect.</summary>
    public sealed record Migration(string Sqlite, string PostgreSql);

    /// <summary>Schema steps; never edit a released one, append a new one (both dialects, same schema after each).</summary>
    public static readonly Migration[] Migrations = [Schema.V1, Schema.V2];

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) { return await _postgres.OpenConnectionAsync(ct); }
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(ct);
        await using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Synchronous open, for ASP.NET's synchronous key ring interface (<see cref="DatabaseKeyRing"/>).</summary>
    public DbConnection Open()
    {
        if (_postgres is not null) { return _postgres.OpenConnection(); }
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>How many times a PostgreSQL transaction that lost a race (deadlock, serialization, a duplicate key inserted meanwhile) is run again.</summary>
    public const int TransactionAttempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. SQLite: BEGIN IMMEDIATE (the
    /// writer's lock from the start: one writer at a time). PostgreSQL: READ COMMITTED, the work
    /// takes its row or advisory locks first (<see cref="LockNumberAsync"/>, <see cref="LockKeysAsync"/>);
    /// a transaction that lost a race (40P01 deadlock, 40001 serialization, 23505 a row another
    /// instance inserted meanwhile) is rolled back and run again, up to <see cref="TransactionAttempts"/> times.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            await using DbConnection c = await OpenAsync(ct);
            await using DbTransaction tx = await c.BeginTransactionAsync(ct);
            try
            {
                T result = await work(c, tx);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbException e) when (attempt < TransactionAttempts && LostRace(e))
            {
                await tx.RollbackAsync(ct);
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct); // ms: spread the retries of racing instances
            }
        }
    }

    /// <summary>A PostgreSQL transaction that lost a race and may run again: deadlock, serialization failure, a duplicate key another transaction inserted meanwhile.</summary>
    public static bool LostRace(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected
        or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Holds the number (its row in numbers) until the transaction ends, so reading its password
    /// and replacing it is one step against other instances. SQLite: nothing to do (BEGIN IMMEDIATE
    /// already holds the only writer's lock). PostgreSQL: <c>SELECT ... FOR UPDATE</c>.
    /// </summary>
    public async Task LockNumberAsync(DbConnection c, DbTransaction tx, string number, CancellationToken ct)
    {
        if (Provider != StoreProvider.PostgreSql) { return; }
        await ExecuteAsync(c, "SELECT 1 FROM numbers WHERE number = @n FOR UPDATE", ct, tx, ("@n", number));
    }

    /// <summary>
    /// Holds the throttle's counters <paramref name="keys"/> until the transaction ends, so counting
    /// and recording an attempt is one step against other instances. SQLite: nothing to do.
    /// PostgreSQL: transaction-scoped advisory locks on the keys' 64-bit hashes, taken in sorted
    /// order (no deadlock): a counter that has no row yet cannot be locked with FOR UPDATE.
    /// </summary>
    public async Task LockKeysAsync(DbConnection c, DbTransaction tx, IEnumerable<string> keys, CancellationToken ct)
    {
        if (Provider != StoreProvider.PostgreSql) { return; }
        foreach (string key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await ExecuteAsync(c, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", ct, tx, ("@k", key));
        }
    }

    /// <summary>
    /// Applies the missing migrations. SQLite: creates the file if needed (mode 0600 before SQLite
    /// opens it, so its -wal and -shm are made 0600 too; files an earlier version left 0644 are
    /// tightened) and switches it to WAL.
    /// </summary>
    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(Migrations.Length, ct);

    /// <summary>Applies the missing migrations up to version <paramref name="toVersion"/> (the tests of the upgrade path stop early).</summary>
    public async Task MigrateAsync(long toVersion, CancellationToken ct)
    {
        if (Provider == StoreProvider.PostgreSql)
        {
            await MigratePostgreSqlAsync(toVersion, ct);
            return;
        }
        Fxs.Relay.Sealing.PrivateFiles.TightenSqlite(Path!);
        await using DbConnection connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
        long version = (long)(await ScalarAsync(connection, "PRAGMA user_version;", ct) ?? 0L);
        for (long v = version; v < toVersion; v++)
        {
            await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, Migrations[v].Sqlite, ct, tx);
            await ExecuteAsync(connection, $"PRAGMA user_version = {v + 1};", ct, tx);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>The advisory lock key instances take while migrating (any constant; "fxs-migr" in ASCII).</summary>
    private const long MigrationLock = 0x6678732D6D696772;

    private async Task MigratePostgreSqlAsync(long toVersion, CancellationToken ct)
    {
        await using DbConnection connection = await OpenAsync(ct);
        await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@lock)", ct, tx, ("@lock", MigrationLock));
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", ct, tx);
        long? version = (long?)await ScalarAsync(connection, "SELECT version FROM schema_version", ct, tx);
        if (version is null) { await ExecuteAsync(connection, "INSERT INTO schema_version (version) VALUES (0)", ct, tx); }
        // DDL is transactional on PostgreSQL: every missing step, or none.
        for (long v = version ?? 0; v < toVersion; v++)
        {
            await ExecuteAsync(connection, Migrations[v].PostgreSql, ct, tx);
            await ExecuteAsync(connection, "UPDATE schema_version SET version = @v", ct, tx, ("@v", v + 1));
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The schema version in the database (0: none yet).</summary>
    public async Task<long> VersionAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await OpenAsync(ct);
        return Provider == StoreProvider.PostgreSql
            ? (long)(await ScalarAsync(c, "SELECT version FROM schema_version", ct) ?? 0L)
            : (long)(await ScalarAsync(c, "PRAGMA user_version;", ct) ?? 0L);
    }

    public static async Task<int> ExecuteAsync(DbConnection c, string sql, CancellationToken ct, DbTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using DbCommand cmd = Command(c, sql, tx, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(DbConnection c, string sql, CancellationToken ct, DbTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using DbCommand cmd = Command(c, sql, tx, args);
        object? value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public static DbCommand Command(DbConnection c, string sql, DbTransaction? tx, params (string Name, object? Value)[] args)
    {
        DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach ((string name, object? value) in args)
        {
            DbParameter p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) { await _postgres.DisposeAsync(); }
    }

    /// <summary>For hosts disposed synchronously (the service provider refuses an IAsyncDisposable-only singleton there).</summary>
    public void Dispose() => _postgres?.Dispose();
}
