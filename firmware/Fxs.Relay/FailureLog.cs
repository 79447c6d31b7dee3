using Microsoft.Extensions.Logging;

namespace Fxs.Relay;

/// <summary>
/// Says each distinct failure once per <see cref="Interval"/>, not once per attempt (issue #12: a
/// full disk once wrote 7.5 MB of log in 29 s). The first occurrence of a failure (by its text) is
/// logged at once; repeats within the interval are counted, and the first repeat after it is
/// logged with that count. <see cref="Recovered"/> says once that a failing thing works again.
/// Time is the injected <see cref="TimeProvider"/>'s monotonic clock (issue #12 item 4: a wall clock
/// stepped back an hour does not silence it for an hour). Never given a password: callers pass
/// exception types and messages, record IDs and HTTP statuses only.
/// </summary>
public sealed class FailureLog(ILogger log, TimeProvider time, TimeSpan interval)
{
    /// <summary>The default: each distinct failure at most once per 10 minutes.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Interval => interval;

    /// <summary>Logs <paramref name="failure"/> unless the same text was logged less than <see cref="Interval"/> ago.</summary>
    public void Warn(string area, string failure, LogLevel level = LogLevel.Warning)
    {
        long now = time.GetTimestamp();
        string key = area + "\n" + failure;
        int repeats;
        lock (_lock)
        {
            if (_seen.TryGetValue(key, out Seen? seen) && time.GetElapsedTime(seen.LoggedAt, now) < interval)
            {
                seen.Repeats++;
                return;
            }
            repeats = seen?.Repeats ?? 0;
            _seen[key] = new Seen { LoggedAt = now };
        }
        if (repeats == 0) { log.Log(level, "{Area}: {Failure}", area, failure); }
        else { log.Log(level, "{Area}: {Failure} (again; {Repeats} more times in the last {IntervalMinutes} min)", area, failure, repeats, (int)interval.TotalMinutes); }
    }

    /// <summary>Says once that <paramref name="area"/> works again, when it had failed; forgets its failures.</summary>
    public void Recovered(string area, string what)
    {
        bool had = false;
        lock (_lock)
        {
            foreach (string key in _seen.Keys.ToList())
            {
                if (key.StartsWith(area + "\n", StringComparison.Ordinal)) { _seen.Remove(key); had = true; }
            }
        }
        if (had) { log.LogInformation("{Area}: {What}", area, what); }
    }

    private sealed class Seen
    {
        public long LoggedAt; // TimeProvider timestamp
        public int Repeats;
    }
}
