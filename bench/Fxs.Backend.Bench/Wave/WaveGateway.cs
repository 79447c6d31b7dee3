using System.Security.Cryptography.X509Certificates;
using Fxs.Core.Line;
using Fxs.Relay;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// One simulated gateway of the wave: the relay's own parts, unchanged: its <see cref="Outbox"/>
/// (SQLite, WAL, synchronous=FULL), a call through the real IVR into the real
/// <see cref="OutboxSink"/> (sealed v2 to the carrier's key), and a <see cref="RelaySender"/> with
/// the production retry settings (in-process retries with jitter, 20 s attempt timeout, backoff
/// with jitter, Retry-After plus jitter) and the device's own client certificate.
/// </summary>
internal sealed class WaveGateway : IDisposable
{
    /// <summary>
    /// The age an "expired" gateway's record is stored with: 24.2 h (TP-16: past the password's
    /// life), so that it is still under the backend's 25 h bound on ageMs when the last row of the
    /// bench sends it (the outboxes are made once and copied for each row; their clock runs on).
    /// </summary>
    public static readonly TimeSpan ExpiredAge = TimeSpan.FromHours(24.2);

    private const long SamplesPerMs = 8; // line time, 8 kHz

    private readonly Outbox _outbox;
    private readonly RelaySender _sender;

    public WaveGateway(int index, RelayOptions options, X509Certificate2 certificate, string contract, bool expired, string password)
    {
        Index = index;
        Contract = contract;
        Expired = expired;
        _outbox = options.OpenOutbox();
        // An outbox copied from the bench's template already holds the gateway's record (made by the same code below).
        if (_outbox.All().FirstOrDefault(r => r.State == OutboxState.Pending) is OutboxRow pending)
        {
            RecordId = pending.RecordId;
            _sender = new RelaySender(_outbox, options, TimeProvider.System, certificate);
            return;
        }
        IvrCall? call = null;
        long ageSamples = expired ? (long)ExpiredAge.TotalMilliseconds * SamplesPerMs : 0;
        // An expired gateway's call ended 24.2 h ago in line time: the sink stores the record that old (its age on the outbox's clock).
        var sink = OutboxSink.Create(_outbox, options, TimeProvider.System, lineNowSamples: () => call!.Now + ageSamples);
        call = new IvrCall(sink, new LineConfiguration(contract, [], contract, ServiceArea.East));
        call.Run(password);
        if (!call.Stored) { throw new InvalidOperationException($"gateway {index}: the outbox did not take the record ({_outbox.Problem})"); }
        RecordId = sink.LastRecordId!;
        _sender = new RelaySender(_outbox, options, TimeProvider.System, certificate);
    }

    public int Index { get; }
    public string Contract { get; }
    public bool Expired { get; }
    public string RecordId { get; }

    /// <summary>See <see cref="RelaySender.AttemptObserver"/>.</summary>
    public Action<DeliveryResult, TimeSpan>? AttemptObserver { set => _sender.AttemptObserver = value; }

    /// <summary>The relay's loop, as the daemon runs it.</summary>
    public Task RunAsync(CancellationToken ct) => _sender.RunAsync(ct);

    /// <summary>The record's row in the outbox (after the run).</summary>
    public OutboxRow? Row() => _outbox.Find(RecordId);

    public void Dispose()
    {
        _sender.Dispose();
        _outbox.Dispose();
    }
}
