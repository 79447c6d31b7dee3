using System;
using Fxs.Core.Gateway;
using Fxs.Relay;
using Fxs.Host.Hardware;

namespace Fxs.Cli.Run;

/// <summary>
/// What one daemon run opens (the board's hardware, the password sink, the relay's outbox and
/// sender; the checked files are <see cref="DaemonInputs"/>), built when the host starts its
/// services and disposed after it has stopped, in the order
/// that keeps the outbox whole: the line loop has ended (no record can be written any more), the
/// relay has stopped sending, then the outbox closes.
/// </summary>
internal sealed class DaemonParts : IDisposable
{
    public required ILineHardware Hardware { get; init; }

    public required ITemporaryPasswordSink Sink { get; init; }

    public required LogMonitor Monitor { get; init; }

    public Outbox? Outbox { get; init; }

    public RelaySender? Sender { get; init; }

    public void Dispose()
    {
        Hardware.Dispose();
        Sender?.Dispose();
        Outbox?.Dispose();
    }
}
