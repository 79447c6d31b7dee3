using Microsoft.Data.Sqlite;

namespace Fxs.Backend.Data;

/// <summary>
/// The backend's SQLite database (Microsoft.Data.Sqlite): WAL journal, synchronous=FULL (a
/// committed record survives power loss), foreign keys on. The schema is versioned in code:
/// <see cref="Migrations"/>[i] takes PRAGMA user_version from i to i + 1, in one transaction.
/// </summary>
public sealed class Database(string path)
{
    public string Path { get; } = path;

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();

    /// <summary>Schema steps; never edit a released one, append a new one.</summary>
    public static readonly string[] Migrations =
    [
        // 1: lines, numbers and gateways (from the provisioning file); credentials; records; sessions; login failures.
        """
        CREATE TABLE lines (
            line_id TEXT PRIMARY KEY,
            area TEXT NOT NULL,
            contract_number TEXT NOT NULL UNIQUE);
        CREATE TABLE numbers (
            number TEXT PRIMARY KEY,
            line_id TEXT NOT NULL REFERENCES lines(line_id),
            is_contract INTEGER NOT NULL,
            position INTEGER NOT NULL,
            services TEXT NOT NULL);
        CREATE TABLE gateways (
            device_id TEXT PRIMARY KEY,
            line_id TEXT NOT NULL REFERENCES lines(line_id),
            cert_sha256 TEXT UNIQUE);
        CREATE TABLE gateway_ports (
            device_id TEXT NOT NULL REFERENCES gateways(device_id),
            port INTEGER NOT NULL,
            notify_number TEXT NOT NULL REFERENCES numbers(number),
            PRIMARY KEY (device_id, port));
        CREATE TABLE credentials (
            number TEXT PRIMARY KEY REFERENCES numbers(number),
            hash TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('temporary', 'permanent')),
            unit INTEGER NOT NULL CHECK (unit BETWEEN 1 AND 3),
            set_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER,
            record_id TEXT);
        CREATE TABLE records (
            record_id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            unit INTEGER NOT NULL,
            target_number TEXT NOT NULL,
            notify_number TEXT NOT NULL,
            access_number TEXT NOT NULL,
            call_start_ms INTEGER NOT NULL,
            call_end_ms INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            charge_units INTEGER NOT NULL,
            received_at_ms INTEGER NOT NULL,
            answer TEXT NOT NULL);
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            number TEXT NOT NULL,
            credential_set_at_ms INTEGER NOT NULL,
            created_at_ms INTEGER NOT NULL,
            last_seen_ms INTEGER NOT NULL);
        CREATE TABLE login_failures (
            key TEXT NOT NULL,
            at_ms INTEGER NOT NULL);
        CREATE INDEX login_failures_key_at ON login_failures(key, at_ms);
        """,
    ];

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// Creates the file if needed (mode 0600 before SQLite opens it, so its -wal and -shm are made
    /// 0600 too; files an earlier version left 0644 are tightened), switches it to WAL and applies
    /// the missing migrations.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        Fxs.Relay.Sealing.PrivateFiles.TightenSqlite(Path);
        await using SqliteConnection connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
        long version = (long)(await ScalarAsync(connection, "PRAGMA user_version;", ct) ?? 0L);
        for (long v = version; v < Migrations.Length; v++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, Migrations[v], ct, tx);
            await ExecuteAsync(connection, $"PRAGMA user_version = {v + 1};", ct, tx);
            await tx.CommitAsync(ct);
        }
    }

    public static async Task<int> ExecuteAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using SqliteCommand cmd = Command(c, sql, tx, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using SqliteCommand cmd = Command(c, sql, tx, args);
        object? value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach ((string name, object? value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }
}
