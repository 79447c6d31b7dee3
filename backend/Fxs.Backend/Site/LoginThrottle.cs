using Fxs.Backend.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Site;

/// <summary>
/// Section "LoginThrottle" (NIST SP 800-63B 5.2.2: at most 100 consecutive failures per account,
/// plus delays). Per number: after <see cref="BackoffAfterFailures"/> consecutive failures each
/// attempt waits <see cref="BackoffBase"/> doubled per further failure, up to
/// <see cref="BackoffMax"/>; at <see cref="HardCapFailures"/> within <see cref="HardCapWindow"/>
/// the number is locked until a successful call to the IVR sets a new temporary password.
/// Per client address: <see cref="PerClientFailures"/> failures within <see cref="PerClientWindow"/>.
/// </summary>
public sealed class LoginThrottleOptions
{
    public int BackoffAfterFailures { get; set; } = 5;
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(15);
    public int HardCapFailures { get; set; } = 100;
    public TimeSpan HardCapWindow { get; set; } = TimeSpan.FromDays(30);
    public int PerClientFailures { get; set; } = 20;
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(10);
}

public abstract record ThrottleVerdict
{
    /// <summary>The password may be checked; the attempt already counts as a failure until <see cref="LoginThrottle.SucceededAsync"/> or <see cref="LoginThrottle.ReleaseAsync"/>.</summary>
    public sealed record Allowed(LoginAttempt Attempt) : ThrottleVerdict;
    public sealed record Wait(TimeSpan RetryAfter) : ThrottleVerdict;
    public sealed record Locked : ThrottleVerdict;
}

/// <summary>An attempt's rows in login_failures (one per key it counts against), by rowid.</summary>
public sealed record LoginAttempt(string Number, long NumberRowId, long[] OtherRowIds);

/// <summary>
/// Counts failed logins (and failed current-password checks) per number and per client. The check
/// and the record are one step (issue #13 item 1): <see cref="BeginAsync"/> counts and, when the
/// attempt is allowed, records it as a failure in the same transaction before any hash is
/// computed, so parallel attempts see each other and no burst verifies more guesses than the
/// limits allow. A success (or an attempt that checked nothing) takes its own rows back.
/// </summary>
public sealed class LoginThrottle(Database db, IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    // One writer at a time inside this process; the IMMEDIATE transaction covers other processes.
    // (SQLite's busy handler alone would make a burst of hundreds wait on busy_timeout unfairly.)
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private LoginThrottleOptions O => options.Value;

    private static string NumberKey(string number) => "number:" + (number.Length > 16 ? number[..16] : number);

    private static string ClientKey(string client) => "client:" + client;

    /// <summary>Checks the limits and, if the attempt is allowed, records it as a failure: one transaction.</summary>
    public async Task<ThrottleVerdict> BeginAsync(string number, string client, CancellationToken ct)
    {
        DateTimeOffset now = time.GetUtcNow();
        long nowMs = now.ToUnixTimeMilliseconds();
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using SqliteConnection c = await db.OpenAsync(ct);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct); // BEGIN IMMEDIATE
            if (await RefusalAsync(c, tx, number, client, now, ct) is ThrottleVerdict refused) { return refused; }
            long numberRow = await InsertAsync(c, tx, NumberKey(number), nowMs, ct);
            long clientRow = await InsertAsync(c, tx, ClientKey(client), nowMs, ct);
            await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE at_ms < $old", ct, tx,
                ("$old", nowMs - (long)O.HardCapWindow.TotalMilliseconds));
            await tx.CommitAsync(ct);
            return new ThrottleVerdict.Allowed(new LoginAttempt(number, numberRow, [clientRow]));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// A successful login ends the number's run of failures (NIST counts consecutive failures): the
    /// failures recorded up to this attempt go, attempts begun after it stay counted.
    /// </summary>
    public Task SucceededAsync(LoginAttempt attempt, CancellationToken ct) => DeleteAsync(attempt, throughNumberRow: true, ct);

    /// <summary>The attempt checked no password after all (nothing typed): its rows go.</summary>
    public Task ReleaseAsync(LoginAttempt attempt, CancellationToken ct) => DeleteAsync(attempt, throughNumberRow: false, ct);

    private async Task DeleteAsync(LoginAttempt attempt, bool throughNumberRow, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using SqliteConnection c = await db.OpenAsync(ct);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            if (throughNumberRow)
            {
                await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE key = $n AND rowid <= $id", ct, tx,
                    ("$n", NumberKey(attempt.Number)), ("$id", attempt.NumberRowId));
            }
            foreach (long row in attempt.OtherRowIds.Append(attempt.NumberRowId))
            {
                await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE rowid = $id", ct, tx, ("$id", row));
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<ThrottleVerdict?> RefusalAsync(SqliteConnection c, SqliteTransaction tx, string number, string client, DateTimeOffset now, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        (long count, long? first, long? last) = await CountAsync(c, tx, NumberKey(number), nowMs - (long)O.HardCapWindow.TotalMilliseconds, ct);
        if (count >= O.HardCapFailures) { return new ThrottleVerdict.Locked(); }
        if (count >= O.BackoffAfterFailures)
        {
            double factor = Math.Pow(2, Math.Min(count - O.BackoffAfterFailures, 30));
            TimeSpan wait = TimeSpan.FromTicks((long)Math.Min(O.BackoffBase.Ticks * factor, O.BackoffMax.Ticks));
            DateTimeOffset until = DateTimeOffset.FromUnixTimeMilliseconds(last!.Value) + wait;
            if (now < until) { return new ThrottleVerdict.Wait(until - now); }
        }
        (count, first, _) = await CountAsync(c, tx, ClientKey(client), nowMs - (long)O.PerClientWindow.TotalMilliseconds, ct);
        if (count >= O.PerClientFailures)
        {
            return new ThrottleVerdict.Wait(DateTimeOffset.FromUnixTimeMilliseconds(first!.Value) + O.PerClientWindow - now);
        }
        return null;
    }

    private static async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, string key, long nowMs, CancellationToken ct) =>
        (long)(await Database.ScalarAsync(c, "INSERT INTO login_failures (key, at_ms) VALUES ($k, $now); SELECT last_insert_rowid();", ct, tx,
            ("$k", key), ("$now", nowMs)))!;

    private static async Task<(long Count, long? First, long? Last)> CountAsync(SqliteConnection c, SqliteTransaction tx, string key, long sinceMs, CancellationToken ct)
    {
        await using SqliteCommand cmd = Database.Command(c, "SELECT count(*), min(at_ms), max(at_ms) FROM login_failures WHERE key = $k AND at_ms > $since", tx,
            ("$k", key), ("$since", sinceMs));
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2));
    }
}
