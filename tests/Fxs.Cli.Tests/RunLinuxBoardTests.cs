namespace Fxs.Cli.Tests;

// Issue #15: a Linux board's whole HAL (GPIO hook switch and ringer, PCM pump, codec port) on simulated parts, one call.
public sealed class RunLinuxBoardTests : DaemonTestBase
{
    [Fact]
    public void ALinuxBoardRunsItsWholeHalOnSimulatedPartsAndStopsAfterTheScript()
    {
        WholeCallOnSimulatedParts("raspberry-pi-ag1171");
    }
}
