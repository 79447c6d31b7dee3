using Fxs.Core.Gateway;
using Fxs.Core.Ivr;

namespace Fxs.Relay.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is turned off): it is
/// <see cref="PowerCutTests"/>'s child process, the gateway's relay as it runs on the board:
/// <list type="bullet">
/// <item><c>relay CONFIG.json SEED</c>: opens the outbox (<see cref="RelayOptions.OutboxPath"/>),
/// runs <see cref="RelaySender.RunAsync"/> (pinned mutual TLS to the backend) and, alongside,
/// places temporary-password calls through the real IVR into <see cref="OutboxSink"/>, a random
/// 0-20 ms apart, until it is killed. stdout: <c>ready</c>, then per call <c>W</c> when the IVR
/// hands the record over and <c>A id</c> once <see cref="OutboxSink.Accept"/> has returned (the
/// moment the caller hears 完了しました).</item>
/// <item><c>drain CONFIG.json</c>: no calls; delivers every pending row, prints <c>drained</c>, exits 0.</item>
/// </list>
/// </summary>
public static class ChildProcess
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("relay" or "drain")) { return 2; }
        RelayOptions options = RelayOptions.Load(args[1]);
        using var outbox = new Outbox(options.OutboxPath);
        using var cert = options.LoadClientCertificate();
        using var sender = new RelaySender(outbox, options, TimeProvider.System, cert);
        TextWriter stdout = Console.Out;
        if (args[0] == "drain")
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (outbox.UntilNextDue() is TimeSpan wait)
            {
                if (wait > TimeSpan.Zero) { await Task.Delay(wait, limit.Token); }
                await sender.SendDueAsync(limit.Token);
            }
            stdout.WriteLine("drained");
            return 0;
        }

        var random = new Random(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        var sink = new Announcing(OutboxSink.Create(outbox, options, TimeProvider.System, onStored: sender.Notify), stdout);
        Task sending = Task.Run(() => sender.RunAsync(CancellationToken.None));
        stdout.WriteLine("ready");
        while (!sending.IsCompleted)
        {
            new IvrCall(sink).Run("58293746");
            if (sink.Inner.Failures > 0) { return 1; }
            Thread.Sleep(random.Next(0, 21));
        }
        await sending;
        return 1;
    }

    private sealed class Announcing(OutboxSink inner, TextWriter stdout) : ITemporaryPasswordSink
    {
        public OutboxSink Inner => inner;

        public bool Accept(TemporaryPasswordRecord record)
        {
            stdout.WriteLine("W");
            if (!inner.Accept(record)) { return false; }
            stdout.WriteLine("A " + inner.LastRecordId);
            return true;
        }
    }
}
