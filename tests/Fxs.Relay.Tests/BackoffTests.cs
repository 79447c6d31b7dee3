using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 3: every failure path backs off and each distinct failure is logged once per
/// interval. The relay's loop runs on a fake clock driven through 60 s (100 ms steps, each given
/// real time for the real HTTPS exchange) against the real backend, on a real SQLite outbox that
/// is full (its cap reached: SQLITE_FULL). Before issue #12 the same setting posted one record
/// 10,171 times in 29 s.
/// </summary>
public sealed class BackoffTests : IDisposable
{
    private const string Password = "58293746";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private const int Steps = 600; // 60 s of the relay's time

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-backoff-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ListLogger _log = new();
    private int _posts;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    private Task CountPosts(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method)) { Interlocked.Increment(ref _posts); }
        return next(context);
    }

    [Fact]
    public async Task ADiskFullWithTheBackendUpFor60sPostsTheRecordOnceAndLogsTheFailureOnce()
    {
        using var backend = new RelayBackend(CountPosts);
        backend.Start();
        using var outbox = new Outbox(OutboxPath, FullOutbox.CapBytes, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath);
        string recordId = StoreOneCall(outbox, options);
        FullOutbox.Fill(outbox); // then the disk fills up: the row cannot be marked delivered

        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);
        int failedPasses = await RunFor60s(sender);

        int posts = Volatile.Read(ref _posts);
        List<string> lines = _log.Lines;
        Console.WriteLine($"disk full, backend up, 60 s: {posts} POST(s), {failedPasses} failed passes in a row, {lines.Count} log line(s)");
        foreach (string line in lines) { Console.WriteLine("  " + line); }
        Assert.Equal(1, posts);                          // the backend has it; only the mark is retried
        Assert.InRange(failedPasses, 4, 8);              // 1 + 2 + 4 + 8 + 16 + 32 s of backoff
        Assert.InRange(lines.Count, 1, 3);
        Assert.True(await backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
        Assert.Equal(OutboxState.Pending, outbox.Find(recordId)!.State);

        // Room again (the fillers and the ballast go): the next pass marks it delivered, without posting it again.
        DeleteFillers();
        SendPass pass = await sender.SendDueAsync();
        Assert.Equal(1, pass.Delivered);
        Assert.Equal(OutboxState.Delivered, outbox.Find(recordId)!.State);
        Assert.Equal(1, Volatile.Read(ref _posts));
    }

    [Fact]
    public async Task ADiskFullWithTheBackendFailingFor60sPostsAHandfulOfTimesAndLogsEachFailureOnce()
    {
        using var backend = new RelayBackend(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method)) { await next(context); return; }
            Interlocked.Increment(ref _posts);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // an outage, with a page saying so
            await context.Response.WriteAsync("The service is down for maintenance. " + new string('.', 200));
        });
        backend.Start();
        using var outbox = new Outbox(OutboxPath, FullOutbox.CapBytes, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath);
        string recordId = StoreOneCall(outbox, options);
        FullOutbox.Fill(outbox); // the failed attempt cannot even be counted

        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);
        int failedPasses = await RunFor60s(sender);

        int posts = Volatile.Read(ref _posts);
        List<string> lines = _log.Lines;
        Console.WriteLine($"disk full, backend 503, 60 s: {posts} POST(s), {failedPasses} failed passes in a row, {lines.Count} log line(s)");
        foreach (string line in lines) { Console.WriteLine("  " + line); }
        Assert.InRange(posts, 4, 8);                     // one per pass, the passes backed off
        Assert.InRange(failedPasses, 4, 8);
        Assert.InRange(lines.Count, 1, 3);
        Assert.Equal(OutboxState.Pending, outbox.Find(recordId)!.State);
    }

    [Fact]
    public async Task TheBackendDownFor60sIsTriedAtItsBackoffAndLoggedOnceWithoutStackTraces()
    {
        using var backend = new RelayBackend(); // never started: connection refused
        using var outbox = new Outbox(OutboxPath, FullOutbox.CapBytes, time: _clock);
        RelayOptions options = backend.RelayOptions(OutboxPath);
        string recordId = StoreOneCall(outbox, options);

        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate, _log);
        int failedPasses = await RunFor60s(sender);

        OutboxRow row = outbox.Find(recordId)!;
        List<string> lines = _log.Lines;
        Console.WriteLine($"backend down, 60 s: {row.Attempts} attempt(s), {failedPasses} failed passes, {lines.Count} log line(s)");
        foreach (string line in lines) { Console.WriteLine("  " + line); }
        Assert.InRange(row.Attempts, 1, 3);              // 30 s base delay, doubled, with jitter
        Assert.Equal(0, failedPasses);
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", lines[0]);      // no stack trace
        Assert.Equal(OutboxState.Pending, row.State);
    }

    private string StoreOneCall(Outbox outbox, RelayOptions options)
    {
        var sink = OutboxSink.Create(outbox, options, _clock);
        var call = new IvrCall(sink);
        call.Run(Password);
        Assert.Equal(1, sink.Stored);
        return sink.LastRecordId!;
    }

    // Runs the loop through 60 s of fake time; returns the failed passes in a row at the end.
    private async Task<int> RunFor60s(RelaySender sender)
    {
        using var stop = new CancellationTokenSource();
        Task loop = Task.Run(() => sender.RunAsync(stop.Token));
        for (int i = 0; i < Steps; i++)
        {
            await Task.Delay(15); // real time for what the step woke (an HTTPS exchange, an SQLite write)
            _clock.Advance(Step);
        }
        await Task.Delay(200);
        int failed = sender.FailedPasses;
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        return failed;
    }

    private void DeleteFillers()
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = OutboxPath, Pooling = false }.ToString());
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM outbox WHERE record_id LIKE '" + FullOutbox.FillerPrefix + "%'; DROP TABLE ballast;";
        cmd.ExecuteNonQuery();
    }
}
