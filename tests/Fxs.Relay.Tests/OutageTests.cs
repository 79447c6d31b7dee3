using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 5: after an outage the relay delivers within a bounded time once the backend
/// answers again (retry delay capped at minutes, with jitter; the first success makes the rest due),
/// oldest first; the backend's Retry-After is honoured; a record that reached the backend expired is
/// said to be so. The real backend on loopback; the relay's time on a fake clock.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private const string Password = "58293746";
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-outage-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow.AddHours(-4));
    private readonly ListLogger _log = new();
    private readonly List<string> _posted = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    private Task Watch(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method)) { lock (_posted) { _posted.Add(context.Request.Headers["Idempotency-Key"].ToString()); } }
        return next(context);
    }

    [Fact]
    public async Task AfterAThreeHourOutageEveryRecordIsDeliveredWithinTheCapOldestFirst()
    {
        using var backend = new RelayBackend(Watch); // down: not started
        using var outbox = new Outbox(OutboxPath, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath, inProcessRetries: 0);
        var sink = OutboxSink.Create(outbox, options, _clock);
        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);
        var created = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            new IvrCall(sink).Run(Password);
            created.Add(sink.LastRecordId!);
            await StepTo(sender, outbox, _clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        }
        await StepTo(sender, outbox, _clock.GetUtcNow() + TimeSpan.FromHours(3));
        Assert.All(outbox.All(), r => Assert.Equal(OutboxState.Pending, r.State));
        int attemptsDuringOutage = outbox.All().Sum(r => r.Attempts);
        Assert.InRange(attemptsDuringOutage, 30, 150); // one POST per pass (not per record), at most 5 min apart

        backend.Start();
        DateTimeOffset back = _clock.GetUtcNow();
        lock (_posted) { _posted.Clear(); }
        while (outbox.All().Any(r => r.State == OutboxState.Pending))
        {
            Assert.True(_clock.GetUtcNow() - back <= options.MaxRetryDelay, "not delivered within the cap");
            await StepTo(sender, outbox, _clock.GetUtcNow() + Max(outbox.UntilNextDue()!.Value, TimeSpan.Zero));
        }
        TimeSpan took = _clock.GetUtcNow() - back;
        Console.WriteLine($"outage 3 h 50 min, 5 records, {attemptsDuringOutage} attempts during it; all delivered {took.TotalSeconds:F0} s after the backend came back; order {(_posted.SequenceEqual(created) ? "oldest first" : "MIXED")}");
        Assert.True(took <= options.MaxRetryDelay);
        Assert.Equal(created, _posted); // each once, oldest first
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task TheBackendsRetryAfterIsHonouredAndNotRetriedInProcess(int status)
    {
        int posts = 0;
        using var backend = new RelayBackend(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method)) { await next(context); return; }
            Interlocked.Increment(ref posts);
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "120";
        });
        backend.Start();
        using var outbox = new Outbox(OutboxPath, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath, inProcessRetries: 2);
        var sink = OutboxSink.Create(outbox, options, _clock);
        new IvrCall(sink).Run(Password);
        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);

        Assert.Equal(1, (await sender.SendDueAsync()).Rescheduled);
        OutboxRow row = outbox.Find(sink.LastRecordId!)!;
        Assert.Equal(1, posts); // Polly's quick retries leave it to the schedule
        Assert.InRange(row.DueIn, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(180)); // Retry-After plus up to half again (issue #17 item 4)
    }

    [Fact]
    public async Task AfterA503WithRetryAfterTheRelayWaitsAtLeastThatLongOnItsClockThenDelivers()
    {
        // Issue #17 item 4: a shedding backend's answer (503, Retry-After: 30) once, then it takes the record.
        int posts = 0;
        var postedAt = new List<TimeSpan>();
        DateTimeOffset t0 = _clock.GetUtcNow();
        using var backend = new RelayBackend(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method)) { await next(context); return; }
            lock (postedAt) { postedAt.Add(_clock.GetUtcNow() - t0); }
            if (Interlocked.Increment(ref posts) > 1) { await next(context); return; }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
        });
        backend.Start();
        using var outbox = new Outbox(OutboxPath, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath, inProcessRetries: 2);
        var sink = OutboxSink.Create(outbox, options, _clock);
        new IvrCall(sink).Run(Password);
        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);

        Assert.Equal(1, (await sender.SendDueAsync()).Rescheduled);
        // 29.9 s on the relay's clock: nothing is due, nothing is posted.
        _clock.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Equal(new SendPass(0, 0, 0), await sender.SendDueAsync());
        Assert.Equal(1, Volatile.Read(ref posts));
        // Then at its due time (30 to 45 s after the 503) it goes, once, and is taken.
        await StepTo(sender, outbox, t0 + TimeSpan.FromSeconds(46));
        Assert.Equal(OutboxState.Delivered, outbox.Find(sink.LastRecordId!)!.State);
        Assert.Equal(2, postedAt.Count);
        Assert.InRange(postedAt[1] - postedAt[0], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45));
        Assert.True(await backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
    }

    [Theory]
    [InlineData(30, 0.0, 30_000)]
    [InlineData(30, 1.0, 45_000)]
    [InlineData(30, 0.5, 37_500)]
    [InlineData(0, 1.0, 1_500)]            // "0" is taken as 1 s: no hot loop
    [InlineData(86_400, 1.0, 5_400_000)]   // a day is taken as the 1 h maximum, plus its jitter
    public void TheRetryAfterWaitIsAtLeastWhatWasAskedAndAtMostHalfAgain(int askedSeconds, double random01, long expectedMs)
    {
        TimeSpan wait = RelaySender.RetryAfterDelay(TimeSpan.FromSeconds(askedSeconds), new RelayOptions().MaxRetryAfter, random01);
        Assert.Equal(expectedMs, (long)wait.TotalMilliseconds);
    }

    [Fact]
    public async Task ARecordThatReachesTheBackendExpiredIsSaidToBeExpired()
    {
        // Issue #12 item 4: "expired" is the record's age on the outbox's monotonic clock, not its wall-clock callEnd.
        using var backend = new RelayBackend();
        backend.Start();
        using var outbox = new Outbox(OutboxPath, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath);
        var sink = OutboxSink.Create(outbox, options, _clock);
        new IvrCall(sink).Run(Password);
        _clock.Advance(TimeSpan.FromHours(24.5)); // never sent until now (the backend allows 24 h + 1 h of age)
        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);

        Assert.Equal(1, (await sender.SendDueAsync()).Delivered);
        Assert.Contains(_log.Lines, l => l.Contains(sink.LastRecordId!, StringComparison.Ordinal) && l.Contains("after its password expired", StringComparison.Ordinal));
        Assert.True(outbox.Find(sink.LastRecordId!)!.ExpiredOnArrival);
        Assert.False(await backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Runs the sender at every due time up to `until` (the fake clock jumps between them).
    private async Task StepTo(RelaySender sender, Outbox outbox, DateTimeOffset until)
    {
        while (true)
        {
            await sender.SendDueAsync();
            if (outbox.UntilNextDue() is not TimeSpan untilDue) { break; }
            DateTimeOffset due = _clock.GetUtcNow() + Max(untilDue, TimeSpan.Zero);
            if (due > until) { break; }
            if (due > _clock.GetUtcNow()) { _clock.SetUtcNow(due); }
        }
        if (until > _clock.GetUtcNow()) { _clock.SetUtcNow(until); }
    }
}
