using Fxs.Config;

namespace Fxs.Boards.Parsing
{
    /// <summary>Reads <c>gpio.expander</c> and checks how lines use it.</summary>
    internal static class ExpanderReader
    {
        internal static readonly string[] Fields = { "chip", "i2cBus", "address", "interruptLine" };

        internal const string What = "an expander object {\"chip\", \"i2cBus\", \"address\", \"interruptLine\"}";

        internal static ExpanderSection? Read(JsonObjectReader gpio, LineRegistry lines)
        {
            JsonObjectReader? x = gpio.OptionalObject("expander", What, Fields);
            if (x is null) { return null; }
            ExpanderChip chip = x.RequiredChoice("chip", BoardChoices.Expander, "an I2C GPIO expander");
            int bus = x.RequiredInt("i2cBus", 0, BoardLimits.MaxI2cBus, SectionReaders.Range("an I2C bus number (/dev/i2c-N)", 0, BoardLimits.MaxI2cBus));
            int address = x.RequiredInt("address", BoardLimits.MinExpanderAddress, BoardLimits.MaxExpanderAddress,
                SectionReaders.Range("the chip's 7-bit I2C address, decimal (0x20-0x27 is", BoardLimits.MinExpanderAddress, BoardLimits.MaxExpanderAddress) + ")");
            int? interrupt = x.OptionalNullableInt("interruptLine", BoardLimits.MinGpioLine, BoardLimits.MaxGpioLine,
                SectionReaders.GpioLineExpected + " (the gpiochip line on the INT output of SHK's port), or absent to poll SHK every 1 ms");
            if (interrupt.HasValue) { lines.Claim(x, "interruptLine", interrupt.Value); }
            return new ExpanderSection(chip, bus, address, interrupt);
        }

        /// <summary>An interrupt line serves SHK on the expander, and INT of SHK's port only.</summary>
        internal static void CheckInterrupt(JsonObjectReader gpio, ExpanderSection? expander, GpioLine shk)
        {
            if (expander?.InterruptLine is null || shk.OnExpander) { return; }
            throw gpio.Error("expander.interruptLine", "no interrupt line while SHK is on the gpiochip (it serves SHK on the expander)", "a line");
        }
    }
}
