using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fxs.Backend.Data;
using Fxs.Backend.Hosting;
using Fxs.Backend.Passwords;
using Fxs.Relay.Sealing;
using System.Data.Common;

namespace Fxs.Backend.Records;

/// <summary>The backend's answer to a record; a retry of the record gets the very same answer.</summary>
public sealed record RecordAnswer(string RecordId, string Status, string TargetNumber, DateTimeOffset SetAt, DateTimeOffset ExpiresAt)
{
    /// <summary>The temporary password now logs in (TP-16).</summary>
    public const string Applied = "applied";
    /// <summary>A newer password of the target was already in place: nothing changed.</summary>
    public const string Superseded = "superseded";
    /// <summary>The record arrived 24 h or more after callEnd: the password would already have expired (TP-16).</summary>
    public const string Expired = "expired";
}

/// <summary>What became of a record that passed validation.</summary>
public abstract record RecordOutcome
{
    public sealed record Accepted(RecordAnswer Answer, bool Replayed) : RecordOutcome;
    public sealed record Conflict : RecordOutcome;
    public sealed record BadPassword(string Message) : RecordOutcome;
}

/// <summary>
/// Applies records once (idempotent by record ID) and sets the temporary password: it replaces
/// the target's earlier password and expires 24 hours after it was set (TP-16), set = the receipt
/// time minus the record's ageMs (issue #12 item 4; callEnd for a record without one).
/// </summary>
public sealed class RecordService(Database db, CarrierSealingKey key, PasswordHasher hasher, TimeProvider time)
{
    public static readonly TimeSpan TemporaryPasswordLifetime = TimeSpan.FromHours(24);

    public async Task<RecordAnswer?> FindAsync(string recordId, string deviceId, CancellationToken ct)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await FindAsync(c, null, recordId, deviceId, null, ct) is (string answer, _) ? JsonSerializer.Deserialize<RecordAnswer>(answer, JsonSerializerOptions.Web) : null;
    }

    /// <summary>The stored answer (and whether the fingerprint matches) of a record already seen.</summary>
    private static async Task<(string Answer, bool Same)?> FindAsync(DbConnection c, DbTransaction? tx, string recordId, string? deviceId, string? fingerprint, CancellationToken ct)
    {
        await using DbCommand cmd = Database.Command(c, "SELECT answer, fingerprint, device_id FROM records WHERE record_id = @id", tx, ("@id", recordId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct) || (deviceId is not null && r.GetString(2) != deviceId)) { return null; }
        return (r.GetString(0), r.GetString(1) == fingerprint);
    }

    /// <summary>The outcome of an earlier delivery of this record ID, if any (checked before the line rules, so a retry answers alike).</summary>
    public async Task<RecordOutcome?> ReplayAsync(RelayRecord record, CancellationToken ct)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return Replay(await FindAsync(c, null, record.RecordId, null, record.Fingerprint(), ct));
    }

    private static RecordOutcome? Replay((string Answer, bool Same)? seen) => seen switch
    {
        null => null,
        (string answer, true) => new RecordOutcome.Accepted(JsonSerializer.Deserialize<RecordAnswer>(answer, JsonSerializerOptions.Web)!, Replayed: true),
        _ => new RecordOutcome.Conflict(),
    };

    /// <summary>
    /// Applies the record in one transaction. On PostgreSQL an instance may lose a race to another
    /// (the same record ID stored meanwhile under another target's lock: 23505; a deadlock with the
    /// throttle's purge: 40P01): it then runs again, and a stored record answers as a retry would.
    /// </summary>
    public async Task<RecordOutcome> ApplyAsync(RelayRecord record, CancellationToken ct)
    {
        // The receipt time, before the slow hash and any retry: a record's ageMs is counted from here (issue #12 item 4).
        DateTimeOffset now = time.GetUtcNow();
        for (int attempt = 1; ; attempt++)
        {
            try { return await ApplyOnceAsync(record, now, ct); }
            catch (DbException e) when (attempt < Database.TransactionAttempts && Database.LostRace(e)) { }
        }
    }

    /// <summary>
    /// Issue #15, the dry run: the sealed password checked as <see cref="ApplyAsync"/> checks it (it opens under
    /// the carrier's key and the record's fields, 8 digits); nothing hashed, stored or looked up. Null: valid.
    /// </summary>
    public RecordOutcome.BadPassword? Validate(RelayRecord record)
    {
        RecordOutcome.BadPassword? bad = Open(record, out byte[] plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return bad;
    }

    // The sealed password opened (the caller zeroes it), or why it cannot be.
    private RecordOutcome.BadPassword? Open(RelayRecord record, out byte[] plaintext)
    {
        plaintext = [];
        try
        {
            // Issue #12: v2 binds every field; v1 (the record ID only) is still opened during the transition.
            plaintext = record.Sealing == PasswordSealing.SchemeV2
                ? PasswordSealing.OpenRecord(key.Key, record.SealedFields(), record.SealedPassword)
                : PasswordSealing.Open(key.Key, record.RecordId, record.SealedPassword);
        }
        catch (CryptographicException)
        {
            return new RecordOutcome.BadPassword(record.Sealing == PasswordSealing.SchemeV2
                ? "Does not open with the carrier's key under this record's fields (one was changed after sealing?)."
                : "Does not open with the carrier's key under this recordId.");
        }
        // TP-11: exactly 8 digits.
        return plaintext.Length != 8 || plaintext.Any(b => b is < (byte)'0' or > (byte)'9')
            ? new RecordOutcome.BadPassword("The sealed password is not 8 digits (TP-11).")
            : null;
    }

    private async Task<RecordOutcome> ApplyOnceAsync(RelayRecord record, DateTimeOffset now, CancellationToken ct)
    {
        RecordOutcome.BadPassword? bad = Open(record, out byte[] plaintext);
        string hash;
        try
        {
            if (bad is not null) { return bad; }
            hash = hasher.Hash(Encoding.ASCII.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        // Issue #12 item 4: dated by the backend's receipt time minus the record's age (monotonic at the gateway), when it has one.
        DateTimeOffset setAt = record.SetAt(now);
        DateTimeOffset expires = setAt + TemporaryPasswordLifetime;
        string fingerprint = record.Fingerprint();
        await using DbConnection c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct); // SQLite: BEGIN IMMEDIATE, one writer at a time
        await db.LockNumberAsync(c, tx, record.TargetNumber, ct); // PostgreSQL: the target's row, FOR UPDATE
        if (Replay(await FindAsync(c, tx, record.RecordId, null, fingerprint, ct)) is RecordOutcome earlier) { return earlier; }

        Credential? current = await CredentialStore.GetAsync(c, tx, record.TargetNumber, ct);
        string status = now >= expires ? RecordAnswer.Expired
            : current is not null && current.SetAt > setAt ? RecordAnswer.Superseded
            : RecordAnswer.Applied;
        if (status == RecordAnswer.Applied)
        {
            await CredentialStore.SetAsync(c, tx, new Credential(record.TargetNumber, hash, IsTemporary: true, record.Unit, setAt, expires), record.RecordId, ct);
            // A call from the line proves possession (TP-5): it lifts the number's login lockout.
            await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE key = @k", ct, tx, ("@k", "number:" + record.TargetNumber));
        }
        var answer = new RecordAnswer(record.RecordId, status, record.TargetNumber, setAt, expires);
        await Database.ExecuteAsync(c, """
            INSERT INTO records (record_id, device_id, fingerprint, unit, target_number, notify_number, access_number,
                call_start_ms, call_end_ms, duration_ms, charge_units, received_at_ms, answer)
            VALUES (@id, @dev, @fp, @unit, @target, @notify, @access, @start, @end, @dur, @units, @now, @answer)
            """, ct, tx,
            ("@id", record.RecordId), ("@dev", record.DeviceId), ("@fp", fingerprint), ("@unit", (int)record.Unit),
            ("@target", record.TargetNumber), ("@notify", record.NotifyNumber), ("@access", record.AccessNumber),
            ("@start", record.CallStart.ToUnixTimeMilliseconds()), ("@end", record.CallEnd.ToUnixTimeMilliseconds()),
            ("@dur", record.DurationMs), ("@units", record.ChargeUnits), ("@now", now.ToUnixTimeMilliseconds()),
            ("@answer", JsonSerializer.Serialize(answer, JsonSerializerOptions.Web)));
        await tx.CommitAsync(ct);
        return new RecordOutcome.Accepted(answer, Replayed: false);
    }
}
