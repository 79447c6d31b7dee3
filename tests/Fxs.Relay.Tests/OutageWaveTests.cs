using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #17 item 4, the outage wave in small (the bench, `dotnet cake --target=BenchBackend
/// --scenario=wave`, runs 5,000): 100 gateways' relays, each its own outbox, record, sender and TLS
/// connection, all start delivering in the same instant to the real backend (Kestrel on loopback),
/// which sheds past 2 requests in progress (503, Retry-After: 1; each record costs Argon2id over
/// 4 MiB). So that the wave overlaps on any machine (a fast one with few handshakes in flight can
/// otherwise serve the gateways one after another and never pass the limit), the first POSTs
/// admitted hold their permits, waiting for their bodies, until <see cref="HeldUntilArrived"/> POSTs
/// have arrived: past the 2 held, the rest are shed, by the backend's real limiter. The backend's rules let one device send many records, so the
/// gateways share the test's one device identity (the bench gives each its own dev-CA
/// certificate). Every record ends delivered, stored once; nothing but 201 and the shedding 503
/// is answered; a shed record is not sent again before its Retry-After on the relay's clock
/// (the monotonic clock: the system's here, the same as the server's stopwatch).
/// </summary>
public sealed class OutageWaveTests(ITestOutputHelper output) : IDisposable
{
    private const int Gateways = 100;
    private const string Password = "58293746";
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-wave-").FullName;
    private readonly List<(string RecordId, long At, int Status)> _answers = [];

    /// <summary>POSTs that must have arrived before the held ones get their bodies (the wave's front).</summary>
    private const int HeldUntilArrived = 10;
    private int _arrived;
    private readonly TaskCompletionSource _front = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task Watch(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method)) { await next(context); return; }
        string recordId = context.Request.Headers["Idempotency-Key"].ToString();
        if (Interlocked.Increment(ref _arrived) >= HeldUntilArrived) { _front.TrySetResult(); }
        // Read inside the limiter's permit (the endpoint reads the body): holding it holds the permit.
        // A guard of 10 s releases them if the front never comes, and the test then fails on "nothing was shed".
        context.Request.Body = new HeldBody(context.Request.Body, _front.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await next(context);
        lock (_answers) { _answers.Add((recordId, Stopwatch.GetTimestamp(), context.Response.StatusCode)); }
    }

    [Fact]
    public async Task AHundredGatewaysAtOnceAreShedWithRetryAfterAndEveryRecordIsAppliedOnce()
    {
        using var backend = new RelayBackend(Watch, new Dictionary<string, string>
        {
            ["Shedding:PermitLimit"] = "2",
            ["Shedding:RetryAfterSeconds"] = "1",
            ["Passwords:Argon2idMemoryKiB"] = "4096",
        });
        backend.Start();
        var relays = new List<(Outbox Outbox, RelaySender Sender, string RecordId)>();
        try
        {
            for (int i = 0; i < Gateways; i++)
            {
                string path = Path.Combine(_dir, $"outbox-{i}.db");
                var outbox = new Outbox(path);
                RelayOptions options = backend.RelayOptions(path, inProcessRetries: 2);
                var sink = OutboxSink.Create(outbox, options, TimeProvider.System);
                new IvrCall(sink).Run(Password);
                relays.Add((outbox, new RelaySender(outbox, options, TimeProvider.System, backend.DeviceCertificate), sink.LastRecordId!));
            }

            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            Task[] loops = relays.Select(r => Task.Run(() => r.Sender.RunAsync(stop.Token))).ToArray(); // all at once
            // A guard against a hang only (the time is printed, not asserted).
            while (relays.Any(r => r.Outbox.Find(r.RecordId)!.State == OutboxState.Pending) && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(200);
            }
            TimeSpan drained = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));

            List<(string RecordId, long At, int Status)> answers;
            lock (_answers) { answers = [.. _answers]; }
            int shed = answers.Count(a => a.Status == StatusCodes.Status503ServiceUnavailable);
            output.WriteLine($"{Gateways} gateways at once, limit 2: drained in {drained.TotalSeconds:F1} s, {answers.Count} POSTs, {shed} shed (503)");
            Assert.All(relays, r => Assert.Equal(OutboxState.Delivered, r.Outbox.Find(r.RecordId)!.State));
            Assert.All(answers, a => Assert.True(a.Status is StatusCodes.Status201Created or StatusCodes.Status503ServiceUnavailable, $"HTTP {a.Status}"));
            Assert.True(shed > 0, "the wave never passed the limit: nothing was shed");

            Dictionary<string, long> stored = await backend.RecordIdCountsAsync();
            Assert.Equal(relays.Select(r => r.RecordId).Order(), stored.Keys.Order());
            Assert.All(stored.Values, count => Assert.Equal(1, count));

            // After each 503 the same record comes back no sooner than Retry-After (1 s).
            TimeSpan shortest = TimeSpan.MaxValue;
            foreach (IGrouping<string, (string RecordId, long At, int Status)> record in answers.GroupBy(a => a.RecordId))
            {
                var tries = record.OrderBy(a => a.At).ToList();
                for (int i = 0; i + 1 < tries.Count; i++)
                {
                    if (tries[i].Status != StatusCodes.Status503ServiceUnavailable) { continue; }
                    TimeSpan gap = Stopwatch.GetElapsedTime(tries[i].At, tries[i + 1].At);
                    if (gap < shortest) { shortest = gap; }
                }
            }
            output.WriteLine($"shortest wait after a 503: {shortest.TotalSeconds:F2} s");
            Assert.True(shortest >= TimeSpan.FromSeconds(1), $"a record came back {shortest.TotalSeconds:F2} s after its 503 (Retry-After: 1)");
        }
        finally
        {
            foreach ((Outbox outbox, RelaySender sender, _) in relays)
            {
                sender.Dispose();
                outbox.Dispose();
            }
        }
    }
}

/// <summary>A request body whose first read waits for <c>release</c> (a timeout there releases it too).</summary>
internal sealed class HeldBody(Stream inner, Task release) : Stream
{
    private bool _released;

    private async ValueTask WaitAsync()
    {
        if (_released) { return; }
        try { await release; } catch (TimeoutException) { }
        _released = true;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await WaitAsync();
        return await inner.ReadAsync(buffer, cancellationToken);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the backend reads bodies asynchronously");
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
