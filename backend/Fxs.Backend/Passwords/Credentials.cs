using Fxs.Backend.Data;
using System.Data.Common;

namespace Fxs.Backend.Passwords;

/// <summary>The unit chosen on the phone (TP-7): it decides what a login may manage (TP-17..TP-21).</summary>
public enum PasswordUnit { Line = 1, Number = 2, AdminUser = 3 }

/// <summary>A number's password: temporary (set by a call, expires, TP-16) or permanent (set on the site, TP-23).</summary>
public sealed record Credential(string Number, string Hash, bool IsTemporary, PasswordUnit Unit, DateTimeOffset SetAt, DateTimeOffset? ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is null || now < ExpiresAt;
}

/// <summary>One password per number: a new one (temporary or permanent) replaces the earlier one (TP-16).</summary>
public sealed class CredentialStore(Database db)
{
    public async Task<Credential?> GetAsync(string number, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await GetAsync(c, null, number, ct);
    }

    public static async Task<Credential?> GetAsync(DbConnection c, DbTransaction? tx, string number, CancellationToken ct)
    {
        await using DbCommand cmd = Database.Command(c,
            "SELECT hash, kind, unit, set_at_ms, expires_at_ms FROM credentials WHERE number = @n", tx, ("@n", number));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) { return null; }
        return new Credential(number, r.GetString(0), r.GetString(1) == "temporary", (PasswordUnit)r.GetInt64(2),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));
    }

    public static Task SetAsync(DbConnection c, DbTransaction tx, Credential credential, string? recordId, CancellationToken ct) =>
        Database.ExecuteAsync(c, """
            INSERT INTO credentials (number, hash, kind, unit, set_at_ms, expires_at_ms, record_id)
            VALUES (@n, @hash, @kind, @unit, @set, @exp, @record)
            ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, kind = excluded.kind, unit = excluded.unit,
                set_at_ms = excluded.set_at_ms, expires_at_ms = excluded.expires_at_ms, record_id = excluded.record_id
            """, ct, tx,
            ("@n", credential.Number), ("@hash", credential.Hash), ("@kind", credential.IsTemporary ? "temporary" : "permanent"),
            ("@unit", (int)credential.Unit), ("@set", credential.SetAt.ToUnixTimeMilliseconds()),
            ("@exp", credential.ExpiresAt?.ToUnixTimeMilliseconds()), ("@record", recordId));

    /// <summary>Replaces the number's hash by a stronger one of the same password (pepper key or parameters upgraded at login), unless the password changed meanwhile.</summary>
    public async Task RehashAsync(string number, string oldHash, string newHash, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await Database.ExecuteAsync(c, "UPDATE credentials SET hash = @new WHERE number = @n AND hash = @old", ct, null,
            ("@new", newHash), ("@n", number), ("@old", oldHash));
    }

    /// <summary>Replaces the number's password (the site's change, TP-23): under the number's lock, so a record applied by another instance at the same time comes wholly before or after.</summary>
    public Task SetAsync(Credential credential, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            await db.LockNumberAsync(c, tx, credential.Number, ct);
            await SetAsync(c, tx, credential, null, ct);
            return true;
        }, ct);
}
