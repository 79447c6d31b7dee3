using System;

namespace Fxs.Cli.Tests;

// Issue #15: a Linux board's whole HAL (GPIO hook switch and ringer, PCM pump, codec port) on simulated parts, one call.
public sealed class RunLinuxBoardTests : DaemonTestBase
{
    [Fact]
    public void ALinuxBoardRunsItsWholeHalOnSimulatedPartsAndStopsAfterTheScript()
    {
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        foreach (string line in new[] { "ready: board raspberry-pi-ag1171", "IVR ended: set", "stored in the outbox" })
        {
            Assert.True(daemon.Output.Contains(line, StringComparison.Ordinal), "no '" + line + "' in:\n" + daemon.Output);
        }
        Assert.DoesNotContain(Password, daemon.Output);
    }
}
