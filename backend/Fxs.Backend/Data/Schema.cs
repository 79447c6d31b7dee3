namespace Fxs.Backend.Data;

/// <summary>
/// The schema steps of <see cref="Database.Migrations"/>, each in SQLite's and PostgreSQL's
/// dialect: the same tables, columns and constraints after each step. Integers are INTEGER on
/// SQLite (64-bit) and BIGINT on PostgreSQL, so both read as Int64; times are Unix milliseconds.
/// </summary>
internal static class Schema
{
    /// <summary>1: lines, numbers and gateways (from the provisioning file); credentials; records; sessions; login failures.</summary>
    public static readonly Database.Migration V1 = new(
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
        """
        CREATE TABLE lines (
            line_id TEXT PRIMARY KEY,
            area TEXT NOT NULL,
            contract_number TEXT NOT NULL UNIQUE);
        CREATE TABLE numbers (
            number TEXT PRIMARY KEY,
            line_id TEXT NOT NULL REFERENCES lines(line_id),
            is_contract BIGINT NOT NULL,
            position BIGINT NOT NULL,
            services TEXT NOT NULL);
        CREATE TABLE gateways (
            device_id TEXT PRIMARY KEY,
            line_id TEXT NOT NULL REFERENCES lines(line_id),
            cert_sha256 TEXT UNIQUE);
        CREATE TABLE gateway_ports (
            device_id TEXT NOT NULL REFERENCES gateways(device_id),
            port BIGINT NOT NULL,
            notify_number TEXT NOT NULL REFERENCES numbers(number),
            PRIMARY KEY (device_id, port));
        CREATE TABLE credentials (
            number TEXT PRIMARY KEY REFERENCES numbers(number),
            hash TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('temporary', 'permanent')),
            unit BIGINT NOT NULL CHECK (unit BETWEEN 1 AND 3),
            set_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT,
            record_id TEXT);
        CREATE TABLE records (
            record_id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            unit BIGINT NOT NULL,
            target_number TEXT NOT NULL,
            notify_number TEXT NOT NULL,
            access_number TEXT NOT NULL,
            call_start_ms BIGINT NOT NULL,
            call_end_ms BIGINT NOT NULL,
            duration_ms BIGINT NOT NULL,
            charge_units BIGINT NOT NULL,
            received_at_ms BIGINT NOT NULL,
            answer TEXT NOT NULL);
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            number TEXT NOT NULL,
            credential_set_at_ms BIGINT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            last_seen_ms BIGINT NOT NULL);
        CREATE TABLE login_failures (
            key TEXT NOT NULL,
            at_ms BIGINT NOT NULL);
        CREATE INDEX login_failures_key_at ON login_failures(key, at_ms);
        """);

    /// <summary>
    /// 2 (issue #17): login_failures gets an explicit id (SQLite: its rowid, kept; PostgreSQL: an
    /// identity, which has no rowid) that the throttle returns and deletes by, and an index on
    /// at_ms for its purge; data_protection_keys holds ASP.NET's key ring (antiforgery, known-device
    /// cookies) so every instance shares it (<see cref="DatabaseKeyRing"/>), each key encrypted.
    /// </summary>
    public static readonly Database.Migration V2 = new(
        """
        CREATE TABLE login_failures_v2 (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            at_ms INTEGER NOT NULL);
        INSERT INTO login_failures_v2 (id, key, at_ms) SELECT rowid, key, at_ms FROM login_failures;
        DROP TABLE login_failures;
        ALTER TABLE login_failures_v2 RENAME TO login_failures;
        CREATE INDEX login_failures_key_at ON login_failures(key, at_ms);
        CREATE INDEX login_failures_at ON login_failures(at_ms);
        CREATE TABLE data_protection_keys (
            friendly_name TEXT PRIMARY KEY,
            xml TEXT NOT NULL);
        """,
        """
        ALTER TABLE login_failures ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
        CREATE INDEX login_failures_at ON login_failures(at_ms);
        CREATE TABLE data_protection_keys (
            friendly_name TEXT PRIMARY KEY,
            xml TEXT NOT NULL);
        """);
}
