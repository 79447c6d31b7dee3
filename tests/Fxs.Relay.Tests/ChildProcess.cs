using Microsoft.Extensions.Time.Testing;

namespace Fxs.Relay.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is turned off): with
/// <c>outbox-writer DIR KEY</c> it is <see cref="PowerCutTests"/>'s child process, which places
/// calls through the IVR into the outbox at DIR/outbox.db as fast as it can and prints each
/// record's ID once <see cref="OutboxSink.Accept"/> has returned (the moment the caller would hear
/// 完了しました), until it is killed.
/// </summary>
public static class ChildProcess
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "outbox-writer") { return 2; }
        using var outbox = new Outbox(Path.Combine(args[1], "outbox.db"));
        var sink = new OutboxSink(outbox, RelayBackend.DeviceId, Convert.FromBase64String(args[2]), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var stdout = Console.Out;
        while (true)
        {
            new IvrCall(sink).Run("58293746");
            if (sink.Failures > 0) { return 1; }
            stdout.WriteLine(sink.LastRecordId);
            stdout.Flush();
        }
    }
}
