using System.Net;
using System.Text;
using System.Text.Json;
using Fxs.Relay.Sealing;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// The relay end to end with real parts: the real IVR hands its record to <see cref="OutboxSink"/>,
/// a real SQLite outbox file, and <see cref="RelaySender"/> over real TLS 1.2+ (pinned SPKI, client
/// certificate) to the real backend on a loopback port.
/// </summary>
public sealed class RelayTests : IDisposable
{
    private const string Password = "58293746";

    private readonly RelayBackend _backend = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-relay-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly Outbox _outbox;

    public RelayTests() => _outbox = new Outbox(OutboxPath, time: _clock);

    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    public void Dispose()
    {
        _outbox.Dispose();
        _backend.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private RelayOptions Options(string? pin = null) => new()
    {
        DeviceId = RelayBackend.DeviceId,
        BackendUrl = _backend.Url,
        BackendSpkiSha256 = [pin ?? RelayOptions.SpkiPin(_backend.ServerCertificate)],
        CarrierSealingKey = Convert.ToBase64String(_backend.SealingKeySpki),
        OutboxPath = OutboxPath,
        BaseRetryDelay = TimeSpan.FromSeconds(30),
        MaxRetryDelay = TimeSpan.FromHours(1),
        InProcessRetries = 1,
        InProcessBaseDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    private RelaySender Sender(RelayOptions? options = null, bool withCertificate = true, System.Security.Cryptography.X509Certificates.X509Certificate2? cert = null) =>
        new(_outbox, options ?? Options(), _clock, withCertificate ? cert ?? _backend.DeviceCertificate : null);

    /// <summary>A whole call through the IVR into the outbox; returns the new record's ID.</summary>
    private string Call(string notify = RelayBackend.Contract, char unit = '1')
    {
        var sink = OutboxSink.Create(_outbox, Options(), _clock);
        var call = new IvrCall(sink, notify);
        call.Run(Password, unit);
        Assert.Equal(1, call.Sets);
        Assert.Equal(1, sink.Stored);
        Assert.Equal(0, sink.Failures);
        Assert.True(call.BuffersCleared);
        return sink.LastRecordId!;
    }

    [Fact]
    public async Task ACallIsSealedIntoTheOutboxDeliveredAndItsPasswordLogsIn()
    {
        string id = Call();
        OutboxRow row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Pending, row.State);
        using (JsonDocument body = JsonDocument.Parse(row.Body))
        {
            JsonElement r = body.RootElement;
            Assert.Equal(id, r.GetProperty("recordId").GetString());
            Assert.Equal(RelayBackend.DeviceId, r.GetProperty("deviceId").GetString());
            Assert.Equal(1, r.GetProperty("unit").GetInt32());
            Assert.Equal(RelayBackend.Contract, r.GetProperty("targetNumber").GetString());
            Assert.Equal("0363044747", r.GetProperty("accessNumber").GetString());
            Assert.Equal(PasswordSealing.SchemeV2, r.GetProperty("sealing").GetString()); // issue #12: every field bound
            DateTimeOffset start = r.GetProperty("callStart").GetDateTimeOffset(), end = r.GetProperty("callEnd").GetDateTimeOffset();
            Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
            Assert.Equal(r.GetProperty("durationMs").GetInt64(), (long)(end - start).TotalMilliseconds);
            Assert.InRange(r.GetProperty("durationMs").GetInt64(), 4000, 8000);
            Assert.Equal(1, r.GetProperty("chargeUnits").GetInt32());
            Assert.DoesNotContain(Password, row.Body);
        }

        _backend.Start();
        using RelaySender sender = Sender();
        Assert.Equal(new SendPass(1, 0, 0), await sender.SendDueAsync());
        row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Delivered, row.State);
        Assert.Contains("\"applied\"", row.Answer);
        Assert.True(await _backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
        Assert.False(await _backend.PasswordLogsInAsync(RelayBackend.Contract, "58293747"));
        Assert.Equal(new SendPass(0, 0, 0), await sender.SendDueAsync());
    }

    [Fact]
    public async Task WhileTheBackendIsDownTheRecordStaysAndIsDeliveredWhenItComesBack()
    {
        string id = Call();
        using RelaySender sender = Sender();
        Assert.Equal(new SendPass(0, 0, 1), await sender.SendDueAsync());
        OutboxRow row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.InRange(row.DueIn, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        Assert.Equal(new SendPass(0, 0, 0), await sender.SendDueAsync()); // not due yet

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new SendPass(0, 0, 1), await sender.SendDueAsync());
        row = _outbox.Find(id)!;
        Assert.Equal(2, row.Attempts);
        Assert.InRange(row.DueIn, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)); // doubled

        _backend.Start();
        Assert.Equal(new SendPass(0, 0, 0), await sender.SendDueAsync());
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new SendPass(1, 0, 0), await sender.SendDueAsync());
        Assert.Equal(OutboxState.Delivered, _outbox.Find(id)!.State);
        Assert.True(await _backend.PasswordLogsInAsync(RelayBackend.Contract, Password));

        // and again after the backend restarts: the outbox is empty of due work, the record stays applied
        _backend.Stop();
        _backend.Start();
        Assert.Equal(1, await _backend.RecordCountAsync());
    }

    [Fact]
    public async Task ADuplicateSendIsAppliedOnce()
    {
        string id = Call();
        _backend.Start();
        using RelaySender sender = Sender();
        OutboxRow row = _outbox.Find(id)!;
        DeliveryResult first = await sender.DeliverAsync(row);
        DeliveryResult again = await sender.DeliverAsync(row); // e.g. power cut between the 2xx and the UPDATE
        Assert.Equal(DeliveryOutcome.Delivered, first.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, again.Outcome);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Detail, again.Detail);
        Assert.Equal(new SendPass(1, 0, 0), await sender.SendDueAsync());
        Assert.Equal(1, await _backend.RecordCountAsync());
    }

    [Fact]
    public async Task AWrongPinIsRefusedNothingIsSentAndItIsRetriedLater()
    {
        string id = Call();
        _backend.Start();
        using var other = Fxs.Backend.Hosting.DevCertificate.Create("localhost", DateTimeOffset.UtcNow, serverAuth: true);
        using (RelaySender wrong = Sender(Options(pin: RelayOptions.SpkiPin(other))))
        {
            DeliveryResult result = await wrong.DeliverAsync(_outbox.Find(id)!);
            Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
            Assert.Null(result.Status);
            Assert.Contains("Authentication", result.Detail);
            Assert.Equal(new SendPass(0, 0, 1), await wrong.SendDueAsync());
        }
        Assert.Equal(0, await _backend.RecordCountAsync());
        OutboxRow row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.True(row.DueIn > TimeSpan.Zero);

        _clock.Advance(TimeSpan.FromMinutes(1));
        using RelaySender right = Sender();
        Assert.Equal(new SendPass(1, 0, 0), await right.SendDueAsync());
        Assert.Equal(1, await _backend.RecordCountAsync());
    }

    [Fact]
    public async Task AnUnknownDeviceCertificateOrNoneIsRefusedAndTheRecordKept()
    {
        string id = Call();
        _backend.Start();
        using (RelaySender stranger = Sender(cert: _backend.StrangerCertificate))
        {
            DeliveryResult result = await stranger.DeliverAsync(_outbox.Find(id)!);
            Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
            Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
            Assert.Equal(new SendPass(0, 0, 1), await stranger.SendDueAsync());
        }
        using (RelaySender none = Sender(withCertificate: false))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await none.DeliverAsync(_outbox.Find(id)!)).Status);
        }
        Assert.Equal(0, await _backend.RecordCountAsync());
        Assert.Equal(OutboxState.Pending, _outbox.Find(id)!.State);
    }

    [Fact]
    public async Task ADefinitiveRejectionIsParkedWithItsProblemDetailsAndNotRetried()
    {
        // Port 3's notify number is not one of this gateway's ports at the backend (TP-2): 400.
        string id = Call(notify: RelayBackend.Additional3, unit: '3');
        _backend.Start();
        using RelaySender sender = Sender();
        Assert.Equal(new SendPass(0, 1, 0), await sender.SendDueAsync());
        OutboxRow row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Rejected, row.State);
        Assert.Contains("HTTP 400", row.LastError);
        Assert.Contains("notifyNumber", row.LastError);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new SendPass(0, 0, 0), await sender.SendDueAsync());
    }

    [Fact]
    public async Task ARecordUndeliveredUntilItsPasswordWouldHaveExpiredIsParked()
    {
        string id = Call();
        using RelaySender sender = Sender();
        Assert.Equal(new SendPass(0, 0, 1), await sender.SendDueAsync());
        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(new SendPass(0, 1, 0), await sender.SendDueAsync());
        OutboxRow row = _outbox.Find(id)!;
        Assert.Equal(OutboxState.Rejected, row.State);
        Assert.StartsWith("Undelivered before the password expired", row.LastError);
    }

    [Fact]
    public async Task TheOutboxFilesHoldNoPlaintextPassword()
    {
        for (int i = 0; i < 5; i++) { Call(); }
        byte[] ascii = Encoding.ASCII.GetBytes(Password);
        byte[] utf16 = Encoding.Unicode.GetBytes(Password);
        string[] files = Directory.GetFiles(_dir);
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
        foreach (string file in files)
        {
            byte[] bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(ascii) < 0, file);
            Assert.True(bytes.AsSpan().IndexOf(utf16) < 0, file);
        }
        // ...while the sealed form is there and opens (with the carrier's key only) to the password
        OutboxRow row = _outbox.All()[0];
        using JsonDocument body = JsonDocument.Parse(row.Body);
        using var carrier = System.Security.Cryptography.ECDiffieHellman.Create();
        carrier.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(_backend.DataDirectory, "carrier-sealing-key.pem")));
        JsonElement r = body.RootElement;
        string fields = PasswordSealing.RecordFields(row.RecordId, r.GetProperty("deviceId").GetString()!, r.GetProperty("unit").GetInt32(),
            r.GetProperty("targetNumber").GetString()!, r.GetProperty("notifyNumber").GetString()!, r.GetProperty("accessNumber").GetString()!,
            r.GetProperty("callStart").GetDateTimeOffset().ToUnixTimeMilliseconds(), r.GetProperty("callEnd").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            r.GetProperty("durationMs").GetInt64(), r.GetProperty("chargeUnits").GetInt32());
        byte[] opened = PasswordSealing.OpenRecord(carrier, fields, Convert.FromBase64String(r.GetProperty("sealedPassword").GetString()!));
        Assert.Equal(Password, Encoding.ASCII.GetString(opened));
    }

    [Fact]
    public async Task ACrashKeepsEveryCommittedRecord()
    {
        string[] ids = [Call(), Call(), Call()];
        // What is on disk right now (database + WAL), as a power cut would leave it: copied while open.
        string snapshot = Path.Combine(_dir, "snapshot");
        Directory.CreateDirectory(snapshot);
        foreach (string file in Directory.GetFiles(_dir))
        {
            await File.WriteAllBytesAsync(Path.Combine(snapshot, Path.GetFileName(file)), await ReadSharedAsync(file));
        }
        using (var recovered = new Outbox(Path.Combine(snapshot, "outbox.db")))
        {
            Assert.Equal(ids.Order(), recovered.All().Select(r => r.RecordId).Order());
            Assert.All(recovered.All(), r => Assert.Equal(OutboxState.Pending, r.State));
        }

        // Mid-way: the outbox closed with work pending and reopened; a sender on it delivers everything once.
        _outbox.Dispose();
        using var reopened = new Outbox(OutboxPath);
        Assert.Equal(3, reopened.All().Count);
        _backend.Start();
        using var sender = new RelaySender(reopened, Options(), _clock, _backend.DeviceCertificate);
        Assert.Equal(new SendPass(3, 0, 0), await sender.SendDueAsync());
        Assert.Equal(3, await _backend.RecordCountAsync());
    }

    [Fact]
    public async Task TheLoopDeliversWhatTheSinkStoresAndStopsWhenCancelled()
    {
        _backend.Start();
        var clock = TimeProvider.System;
        RelayOptions options = Options();
        options.PollInterval = TimeSpan.FromMinutes(5); // only the sink's notification can wake it in time
        using var sender = new RelaySender(_outbox, options, clock, _backend.DeviceCertificate);
        using var cts = new CancellationTokenSource();
        Task loop = Task.Run(() => sender.RunAsync(cts.Token));
        var sink = OutboxSink.Create(_outbox, options, clock, onStored: sender.Notify);
        new IvrCall(sink).Run(Password);
        string id = sink.LastRecordId!;
        for (int i = 0; i < 200 && _outbox.Find(id)!.State != OutboxState.Delivered; i++) { await Task.Delay(50); }
        Assert.Equal(OutboxState.Delivered, _outbox.Find(id)!.State);
        await cts.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
    }

    [Fact]
    public void ASinkThatCannotStoreDoesNotThrowIntoTheIvrAndTheDigitsAreStillCleared()
    {
        Exception? seen = null;
        var sink = new OutboxSink(_outbox, RelayBackend.DeviceId, [1, 2, 3], _clock, onError: e => seen = e); // not a key
        var call = new IvrCall(sink);
        call.Run(Password);
        Assert.Equal(1, sink.Failures);
        Assert.NotNull(seen);
        Assert.DoesNotContain(Password, seen!.ToString());
        Assert.True(call.BuffersCleared);
        Assert.Empty(_outbox.All());
    }

    [Fact]
    public async Task TheSealingKeyIsFetchedOverThePinnedChannelOnly()
    {
        _backend.Start();
        using (RelaySender sender = Sender())
        {
            Assert.Equal(_backend.SealingKeySpki, await sender.FetchSealingKeyAsync());
        }
        using var other = Fxs.Backend.Hosting.DevCertificate.Create("localhost", DateTimeOffset.UtcNow, serverAuth: true);
        using RelaySender wrong = Sender(Options(pin: RelayOptions.SpkiPin(other)));
        await Assert.ThrowsAsync<HttpRequestException>(() => wrong.FetchSealingKeyAsync());
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var m = new MemoryStream();
        await s.CopyToAsync(m);
        return m.ToArray();
    }
}
