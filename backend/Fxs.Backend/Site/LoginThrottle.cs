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
    public sealed record Allowed : ThrottleVerdict;
    public sealed record Wait(TimeSpan RetryAfter) : ThrottleVerdict;
    public sealed record Locked : ThrottleVerdict;
}

/// <summary>Counts failed logins (and failed current-password checks) per number and per client.</summary>
public sealed class LoginThrottle(Database db, IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    private LoginThrottleOptions O => options.Value;

    private static string NumberKey(string number) => "number:" + (number.Length > 16 ? number[..16] : number);

    private static string ClientKey(string client) => "client:" + client;

    public async Task<ThrottleVerdict> CheckAsync(string number, string client, CancellationToken ct)
    {
        DateTimeOffset now = time.GetUtcNow();
        long nowMs = now.ToUnixTimeMilliseconds();
        await using SqliteConnection c = await db.OpenAsync(ct);
        (long count, long? first, long? last) = await CountAsync(c, NumberKey(number), nowMs - (long)O.HardCapWindow.TotalMilliseconds, ct);
        if (count >= O.HardCapFailures) { return new ThrottleVerdict.Locked(); }
        if (count >= O.BackoffAfterFailures)
        {
            double factor = Math.Pow(2, Math.Min(count - O.BackoffAfterFailures, 30));
            TimeSpan wait = TimeSpan.FromTicks((long)Math.Min(O.BackoffBase.Ticks * factor, O.BackoffMax.Ticks));
            DateTimeOffset until = DateTimeOffset.FromUnixTimeMilliseconds(last!.Value) + wait;
            if (now < until) { return new ThrottleVerdict.Wait(until - now); }
        }
        (count, first, _) = await CountAsync(c, ClientKey(client), nowMs - (long)O.PerClientWindow.TotalMilliseconds, ct);
        if (count >= O.PerClientFailures)
        {
            return new ThrottleVerdict.Wait(DateTimeOffset.FromUnixTimeMilliseconds(first!.Value) + O.PerClientWindow - now);
        }
        return new ThrottleVerdict.Allowed();
    }

    public async Task RecordFailureAsync(string number, string client, CancellationToken ct)
    {
        long nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using SqliteConnection c = await db.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await Database.ExecuteAsync(c, "INSERT INTO login_failures (key, at_ms) VALUES ($n, $now), ($c, $now)", ct, tx,
            ("$n", NumberKey(number)), ("$c", ClientKey(client)), ("$now", nowMs));
        await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE at_ms < $old", ct, tx,
            ("$old", nowMs - (long)O.HardCapWindow.TotalMilliseconds));
        await tx.CommitAsync(ct);
    }

    /// <summary>A successful login ends the number's run of failures (NIST counts consecutive failures).</summary>
    public async Task RecordSuccessAsync(string number, CancellationToken ct)
    {
        await using SqliteConnection c = await db.OpenAsync(ct);
        await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE key = $n", ct, null, ("$n", NumberKey(number)));
    }

    private static async Task<(long Count, long? First, long? Last)> CountAsync(SqliteConnection c, string key, long sinceMs, CancellationToken ct)
    {
        await using SqliteCommand cmd = Database.Command(c, "SELECT count(*), min(at_ms), max(at_ms) FROM login_failures WHERE key = $k AND at_ms > $since", null,
            ("$k", key), ("$since", sinceMs));
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2));
    }
}
