using Fxs.Backend.Data;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Site;

/// <summary>
/// Section "LoginThrottle" (issue #13 item 6; NIST SP 800-63B 5.2.2 rate limiting). The load is
/// carried by the limits an attacker cannot spread: <see cref="PerClientFailures"/> per address
/// and, for IPv6, <see cref="PerNetworkFailures"/> per /64 (one subscriber's prefix) within
/// <see cref="PerClientWindow"/>. Per number there is no lock, only a bounded backoff: after
/// <see cref="BackoffAfterFailures"/> failures each attempt waits <see cref="BackoffBase"/>
/// doubled per further failure, up to <see cref="BackoffMax"/>; failures are remembered
/// <see cref="NumberFailureWindow"/>. The owner's successful login and a new call (a new
/// temporary password) clear the number's failures, and a browser that has logged in to the
/// number before (its known-device cookie, <see cref="KnownDevices"/>) is not held by the
/// number's backoff: so a stranger cannot keep the owner out. Odds this leaves (backend/README.md):
/// at most 57 guesses in a temporary password's 24 hours, 5.7 in 10^7 for its 10^8 values.
/// </summary>
public sealed class LoginThrottleOptions
{
    public int BackoffAfterFailures { get; set; } = 5;
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan NumberFailureWindow { get; set; } = TimeSpan.FromDays(30);
    public int PerClientFailures { get; set; } = 20;
    public int PerNetworkFailures { get; set; } = 60;
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(10);
}

public abstract record ThrottleVerdict
{
    /// <summary>The password may be checked; the attempt already counts as a failure until <see cref="LoginThrottle.SucceededAsync"/> or <see cref="LoginThrottle.ReleaseAsync"/>.</summary>
    public sealed record Allowed(LoginAttempt Attempt) : ThrottleVerdict;
    public sealed record Wait(TimeSpan RetryAfter) : ThrottleVerdict;
}

/// <summary>Who attempts: the client address, and the known-device ID its cookie proves for this number (or null).</summary>
public sealed record LoginClient(System.Net.IPAddress Address, string? KnownDevice)
{
    /// <summary>The address as counted: IPv4-mapped IPv6 as IPv4.</summary>
    public string AddressKey => (Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address).ToString();

    /// <summary>The IPv6 /64 the address is in (null for IPv4: the address is the network).</summary>
    public string? NetworkKey
    {
        get
        {
            System.Net.IPAddress a = Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;
            if (a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) { return null; }
            byte[] bytes = a.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new System.Net.IPAddress(bytes) + "/64";
        }
    }
}

/// <summary>An attempt's rows in login_failures (one per key it counts against), by id.</summary>
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
    // SQLite: one writer at a time inside this process; the IMMEDIATE transaction covers other
    // processes. (SQLite's busy handler alone would make a burst of hundreds wait on busy_timeout
    // unfairly.) PostgreSQL needs no such gate: each attempt locks only its own counters.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private LoginThrottleOptions O => options.Value;

    private static string NumberKey(string number) => "number:" + (number.Length > 16 ? number[..16] : number);

    private static string ClientKey(string client) => "client:" + client;

    private static string NetworkKey(string network) => "net:" + network;

    private static string DeviceKey(string device) => "device:" + device;

    /// <summary>
    /// Checks the limits and, if the attempt is allowed, records it as a failure: one transaction.
    /// On PostgreSQL the counters it reads and writes (number or device, client, /64) are locked
    /// first (<see cref="Database.LockKeysAsync"/>), so attempts on any instance see each other.
    /// </summary>
    public Task<ThrottleVerdict> BeginAsync(string number, LoginClient client, CancellationToken ct)
    {
        DateTimeOffset now = time.GetUtcNow();
        long nowMs = now.ToUnixTimeMilliseconds();
        // A known device's failures count against the device, not the number: the owner's
        // browser keeps its own backoff and is not held by a stranger's guesses.
        string backoffKey = client.KnownDevice is string device ? DeviceKey(device) : NumberKey(number);
        string? networkKey = client.NetworkKey is string network ? NetworkKey(network) : null;
        string[] keys = networkKey is null ? [backoffKey, ClientKey(client.AddressKey)] : [backoffKey, ClientKey(client.AddressKey), networkKey];
        return OneAtATimeAsync(() => db.InTransactionAsync<ThrottleVerdict>(async (c, tx) =>
        {
            await db.LockKeysAsync(c, tx, keys, ct);
            if (await RefusalAsync(c, tx, number, client, now, ct) is ThrottleVerdict refused) { return refused; }
            long numberRow = await InsertAsync(c, tx, backoffKey, nowMs, ct);
            var others = new List<long> { await InsertAsync(c, tx, keys[1], nowMs, ct) };
            if (networkKey is not null) { others.Add(await InsertAsync(c, tx, networkKey, nowMs, ct)); }
            await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE at_ms < @old", ct, tx,
                ("@old", nowMs - (long)O.NumberFailureWindow.TotalMilliseconds));
            return new ThrottleVerdict.Allowed(new LoginAttempt(number, numberRow, [.. others]));
        }, ct), ct);
    }

    /// <summary>
    /// A successful login ends the number's run of failures (NIST counts consecutive failures): the
    /// failures recorded up to this attempt go, attempts begun after it stay counted.
    /// </summary>
    public Task SucceededAsync(LoginAttempt attempt, CancellationToken ct) => DeleteAsync(attempt, throughNumberRow: true, ct);

    /// <summary>The attempt checked no password after all (nothing typed): its rows go.</summary>
    public Task ReleaseAsync(LoginAttempt attempt, CancellationToken ct) => DeleteAsync(attempt, throughNumberRow: false, ct);

    private Task DeleteAsync(LoginAttempt attempt, bool throughNumberRow, CancellationToken ct) =>
        OneAtATimeAsync(() => db.InTransactionAsync(async (c, tx) =>
        {
            if (throughNumberRow)
            {
                // The owner is in: the number's failures so far go (its backoff is lifted), attempts begun later stay.
                await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE key = @n AND id <= @id", ct, tx,
                    ("@n", NumberKey(attempt.Number)), ("@id", attempt.NumberRowId));
            }
            foreach (long row in attempt.OtherRowIds.Append(attempt.NumberRowId))
            {
                await Database.ExecuteAsync(c, "DELETE FROM login_failures WHERE id = @id", ct, tx, ("@id", row));
            }
            return true;
        }, ct), ct);

    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Provider != StoreProvider.Sqlite) { return await work(); }
        await _oneAtATime.WaitAsync(ct);
        try { return await work(); }
        finally { _oneAtATime.Release(); }
    }

    private async Task<ThrottleVerdict?> RefusalAsync(DbConnection c, DbTransaction tx, string number, LoginClient client, DateTimeOffset now, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        // The backoff: of the number, or of the known device that attempts it.
        string backoffKey = client.KnownDevice is string device ? DeviceKey(device) : NumberKey(number);
        (long count, _, long? last) = await CountAsync(c, tx, backoffKey, nowMs - (long)O.NumberFailureWindow.TotalMilliseconds, ct);
        if (count >= O.BackoffAfterFailures)
        {
            TimeSpan wait = Backoff(count);
            DateTimeOffset until = DateTimeOffset.FromUnixTimeMilliseconds(last!.Value) + wait;
            if (now < until) { return new ThrottleVerdict.Wait(until - now); }
        }
        long since = nowMs - (long)O.PerClientWindow.TotalMilliseconds;
        if (await WindowAsync(c, tx, ClientKey(client.AddressKey), since, O.PerClientFailures, now, ct) is ThrottleVerdict client1) { return client1; }
        if (client.NetworkKey is string network && await WindowAsync(c, tx, NetworkKey(network), since, O.PerNetworkFailures, now, ct) is ThrottleVerdict net) { return net; }
        return null;
    }

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failures (≥ BackoffAfterFailures): base doubled per further failure, at most BackoffMax.</summary>
    public TimeSpan Backoff(long failures)
    {
        long doublings = Math.Min(failures - O.BackoffAfterFailures, 30);
        long ticks = O.BackoffBase.Ticks;
        for (long i = 0; i < doublings && ticks < O.BackoffMax.Ticks; i++) { ticks *= 2; }
        return TimeSpan.FromTicks(Math.Min(ticks, O.BackoffMax.Ticks));
    }

    private async Task<ThrottleVerdict?> WindowAsync(DbConnection c, DbTransaction tx, string key, long sinceMs, int limit, DateTimeOffset now, CancellationToken ct)
    {
        (long count, long? first, _) = await CountAsync(c, tx, key, sinceMs, ct);
        return count >= limit ? new ThrottleVerdict.Wait(DateTimeOffset.FromUnixTimeMilliseconds(first!.Value) + O.PerClientWindow - now) : null;
    }

    private static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, string key, long nowMs, CancellationToken ct) =>
        (long)(await Database.ScalarAsync(c, "INSERT INTO login_failures (key, at_ms) VALUES (@k, @now) RETURNING id", ct, tx,
            ("@k", key), ("@now", nowMs)))!;

    private static async Task<(long Count, long? First, long? Last)> CountAsync(DbConnection c, DbTransaction tx, string key, long sinceMs, CancellationToken ct)
    {
        await using DbCommand cmd = Database.Command(c, "SELECT count(*), min(at_ms), max(at_ms) FROM login_failures WHERE key = @k AND at_ms > @since", tx,
            ("@k", key), ("@since", sinceMs));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2));
    }
}
