using System;

namespace Fxs.Cli.Tests;

// Issue #15, item 6: a board whose SLIC lines are on an MCP23017 runs a whole call on its HAL with
// simulated parts (the register model behind dotnet/iot's Mcp23017 driver, INTA on a simulated gpiochip line).
public sealed class RunExpanderTests : DaemonTestBase
{
    [Fact]
    public void TheMcp23017BoardRunsAWholeCallWithItsLinesOnTheSimulatedExpander()
    {
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "raspberry-pi-ag1171-mcp23017", "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        foreach (string line in new[] { "ready: board raspberry-pi-ag1171-mcp23017", "decided IVR ended: set", "stored in the outbox" })
        {
            Assert.True(daemon.Output.Contains(line, StringComparison.Ordinal), "no '" + line + "' in:\n" + daemon.Output);
        }
        Assert.DoesNotContain(Password, daemon.Output);
    }
}
