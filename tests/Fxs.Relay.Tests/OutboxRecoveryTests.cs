using Fxs.Core.Ivr;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 2: the outbox keeps room and keeps going. A damaged file is moved aside and a
/// fresh outbox opened; one that cannot be opened at all leaves the IVR refusing (never 完了しました)
/// until it can; the reserve refuses a record before the disk is full; the WAL is cut back and
/// delivered rows pruned after a delivery pass. Real SQLite files, the real backend.
/// </summary>
public sealed class OutboxRecoveryTests : IDisposable
{
    private const string Password = "58293746";
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-outbox-").FullName;
    // Two hours behind: the pruning test moves it an hour on, and the backend refuses calls from the future.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow.AddHours(-2));
    private readonly ListLogger _log = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    [Fact]
    public void ADamagedOutboxIsMovedAsideKeptAndAFreshOneOpenedLoudly()
    {
        byte[] damaged = System.Text.Encoding.ASCII.GetBytes("this was an outbox until the flash lost a block" + new string('?', 5000));
        File.WriteAllBytes(OutboxPath, damaged);

        using var outbox = new Outbox(OutboxPath, log: _log);

        Assert.True(outbox.IsOpen);
        Assert.NotNull(outbox.MovedAside);
        Assert.StartsWith(OutboxPath + ".corrupt-", outbox.MovedAside);
        Assert.Equal(damaged, File.ReadAllBytes(outbox.MovedAside!)); // kept for the engineer, byte for byte
        Assert.Contains(_log.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal) && l.Contains("moved aside", StringComparison.Ordinal));
        Assert.True(Call(outbox) == IvrOutcome.Set);
        Assert.Single(outbox.All());
    }

    [Fact]
    public void AnOutboxThatCannotBeOpenedRefusesEveryPasswordUntilItCanThenTakesThem()
    {
        string blocker = Path.Combine(_dir, "var");
        File.WriteAllText(blocker, "a file where the outbox's directory should be");
        string path = Path.Combine(blocker, "outbox.db");

        using var outbox = new Outbox(path, log: _log); // does not throw: the daemon keeps running
        Assert.False(outbox.IsOpen);
        Assert.NotNull(outbox.Problem);
        Assert.Equal(IvrOutcome.Failed, Call(outbox));
        Assert.Equal(IvrOutcome.Failed, Call(outbox));
        Assert.Single(_log.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal)); // said once, not per call

        File.Delete(blocker); // the engineer frees the path
        Assert.Equal(IvrOutcome.Set, Call(outbox));
        Assert.True(outbox.IsOpen);
        Assert.Single(outbox.All());
    }

    [Fact]
    public void UnderTheReserveARecordIsRefusedCleanlyAndTheCallerTold()
    {
        using var outbox = new Outbox(OutboxPath, reserveBytes: long.MaxValue / 4); // more than any disk has free
        Exception? error = null;
        var sink = Sink(outbox, e => error = e);
        var call = new IvrCall(sink);
        call.Run(Password);
        Assert.Equal(IvrOutcome.Failed, call.Outcome);
        Assert.IsType<OutboxFullException>(error);
        Assert.Contains("reserve", error!.Message);
        Assert.Empty(outbox.All());
        Assert.True(call.BuffersCleared);
    }

    [Fact]
    public async Task AfterADeliveryPassTheWalIsCutBackAndOldDeliveredRowsArePruned()
    {
        using var backend = new RelayBackend();
        backend.Start();
        using var outbox = new Outbox(OutboxPath, time: _clock); // pruning is on the outbox's monotonic clock (issue #12 item 4)
        RelayOptions options = backend.RelayOptions(OutboxPath);
        var sink = OutboxSink.Create(outbox, options, _clock);
        for (int i = 0; i < 3; i++) { new IvrCall(sink).Run(Password); }
        using var sender = new RelaySender(outbox, options, _clock, backend.DeviceCertificate);

        Assert.Equal(3, (await sender.SendDueAsync()).Delivered);
        Assert.Equal(0, new FileInfo(OutboxPath + "-wal").Length); // checkpointed and truncated
        Assert.Equal(3, outbox.All().Count(r => r.State == OutboxState.Delivered)); // kept an hour, for diagnostics

        _clock.Advance(RelaySender.DeliveredRetention + TimeSpan.FromMinutes(1));
        new IvrCall(sink).Run(Password);
        Assert.Equal(1, (await sender.SendDueAsync()).Delivered);
        Assert.Single(outbox.All()); // the three old delivered rows are gone
        Assert.Equal(0, new FileInfo(OutboxPath + "-wal").Length);
    }

    private OutboxSink Sink(Outbox outbox, Action<Exception>? onError = null)
    {
        using var carrier = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return new OutboxSink(outbox, RelayBackend.DeviceId, carrier.ExportSubjectPublicKeyInfo(), _clock, onError: onError);
    }

    private IvrOutcome Call(Outbox outbox)
    {
        var call = new IvrCall(Sink(outbox));
        call.Run(Password);
        Assert.True(call.BuffersCleared);
        return call.Outcome;
    }
}
