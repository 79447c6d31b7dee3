using Fxs.Boards;
using Fxs.Hal.Linux.Expander;

namespace Fxs.Host.Hardware;

/// <summary>A board file's expander section and expander lines as the Linux HAL numbers them (pin + 1024).</summary>
internal static class ExpanderLines
{
    public static int Line(GpioLine line) => line.OnExpander ? ExpanderGpioDriver.ExpanderPinBase + line.Line : line.Line;

    public static ExpanderSettings? Settings(ExpanderSection? x) => x is null ? null : new ExpanderSettings
    {
        Chip = x.Chip == ExpanderChip.Mcp23008 ? ExpanderSettings.Mcp23008 : ExpanderSettings.Mcp23017,
        I2cBus = x.I2cBus,
        Address = x.Address,
        InterruptLine = x.InterruptLine,
    };
}
