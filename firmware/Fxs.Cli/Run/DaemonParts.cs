using System;
using Fxs.Cli.Run.Hardware;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Relay;

namespace Fxs.Cli.Run;

/// <summary>
/// Everything one daemon run is made of, built before the host starts (so a bad board, line or
/// relay file is refused before anything runs) and disposed after it has stopped, in the order
/// that keeps the outbox whole: the line loop has ended (no record can be written any more), the
/// relay has stopped sending, then the outbox closes.
/// </summary>
internal sealed class DaemonParts : IDisposable
{
    public required string BoardName { get; init; }

    public required ILineHardware Hardware { get; init; }

    public required LineConfiguration Line { get; init; }

    public required IPromptSource Prompts { get; init; }

    public required ITemporaryPasswordSink Sink { get; init; }

    public required LogMonitor Monitor { get; init; }

    /// <summary>Stop once the model phone's script is done and the line is idle (benches, tests).</summary>
    public bool ExitAfterScript { get; init; }

    public Outbox? Outbox { get; init; }

    public RelaySender? Sender { get; init; }

    public void Dispose()
    {
        Hardware.Dispose();
        Sender?.Dispose();
        Outbox?.Dispose();
    }
}
