using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Relay;
using Microsoft.Data.Sqlite;

namespace Fxs.Cli.Tests;

// Issue #15 item 3: `fxs run --exit-after-script` waits, bounded, for the outbox to drain, and every stop
// logs what is left pending. The daemon is a real process; the backend the real one, in process.
public sealed class RunDrainTests : DaemonTestBase
{
    [Fact]
    public async Task AfterTheScriptTheDaemonWaitsForTheRelayToDeliverThenSaysNothingIsPending()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(Dir.Path, site, device);
        string relay = BackendRelay(backend, device);
        string script = Write("call.txt", CallScripts.Unit1);

        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", relay, "--phone-script", script, "--pace", "max",
            "--exit-after-script");
        Assert.True(await Task.Run(() => daemon.WaitForExit(TimeSpan.FromSeconds(120))), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        Assert.Contains("waiting up to 30 s for 1 record(s) pending in the outbox to be delivered", daemon.Output);
        Assert.Contains("outbox drained in ", daemon.Output);
        Assert.Contains("stopped; no record pending in the outbox", daemon.Output);
        using var db = new SqliteConnection("Data Source=" + Dir.File("outbox.db"));
        db.Open();
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM outbox WHERE state = 1"));
        Assert.DoesNotContain(Password, daemon.Output);
    }

    [Fact]
    public void TheWaitIsBoundedAndTheStopSaysHowManyRecordsAreLeftAndHowOld()
    {
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(), "--phone-script", script, "--pace", "max",
            "--exit-after-script", "--drain-timeout", "2");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        Assert.Contains("waiting up to 2 s for 1 record(s) pending in the outbox to be delivered", daemon.Output);
        Assert.Contains("stopping with records pending: ", daemon.Output);
        Assert.Matches(@"stopped; 1 record pending in the outbox, oldest \d+ s: sent after the next start", daemon.Output);
    }

    [Fact]
    public void ANegativeDrainTimeoutIsAUsageError()
    {
        CliResult r = FxsCli.Run("run", "--board", "sim", "--line", Line(), "--drain-timeout", "-1");
        Assert.Equal(ExitCodes.Usage, r.Exit);
        Assert.Contains("--drain-timeout: expected seconds, 0 or more, found -1", r.Stderr);
    }

    // The relay file for the backend in process: its pin, its sealing key, the device certificate it provisioned.
    private string BackendRelay(DemoRunningBackendTests.RunningBackend backend, int devicePort)
    {
        using X509Certificate2 server = DevCertificate.LoadOrCreate(backend.DataDirectory, TimeProvider.System);
        using var sealing = new CarrierSealingKey(Path.Combine(backend.DataDirectory, "carrier-sealing-key.pem"));
        return Write("relay-backend.json", "{ \"deviceId\": \"hgw-0001\", \"backendUrl\": \"https://127.0.0.1:" + devicePort + "/\", "
            + "\"backendSpkiSha256\": [\"" + RelayOptions.SpkiPin(server) + "\"], \"carrierSealingKey\": \"" + Convert.ToBase64String(sealing.PublicKeySpki) + "\", "
            + "\"clientCertificatePath\": \"" + backend.DevicePfx + "\", \"outboxPath\": \"" + Dir.File("outbox.db") + "\" }");
    }
}
