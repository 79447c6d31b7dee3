using System.Threading;
using System.Threading.Tasks;
using Fxs.Relay;
using Microsoft.Extensions.Hosting;

namespace Fxs.Cli.Run;

/// <summary>
/// The relay as a hosted service: sends the outbox's due records to the carrier backend
/// (<see cref="RelaySender.RunAsync"/>) until the host stops. Stopping cancels an attempt in
/// flight; its record stays pending with its ID, and the backend takes a repeat of the same ID as
/// the same record, so nothing is lost or doubled. Without a network the records wait in the
/// outbox, with backoff, until their password would have expired (TP-16).
/// </summary>
internal sealed class RelayLoop(RelaySender sender) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sender.RunAsync(stoppingToken);
}
