namespace Fxs.Cli.Tests;

// Issue #15, item 6: a board whose SLIC lines are on an MCP23017 runs a whole call on its HAL with
// simulated parts (the register model behind dotnet/iot's Mcp23017 driver, INTA on a simulated gpiochip line).
public sealed class RunExpanderTests : DaemonTestBase
{
    [Fact]
    public void TheMcp23017BoardRunsAWholeCallWithItsLinesOnTheSimulatedExpander()
    {
        WholeCallOnSimulatedParts("raspberry-pi-ag1171-mcp23017");
    }
}
