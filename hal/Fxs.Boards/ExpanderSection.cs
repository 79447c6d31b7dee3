namespace Fxs.Boards
{
    /// <summary>Which I2C GPIO expander (JSON <c>gpio.expander.chip</c>).</summary>
    public enum ExpanderChip
    {
        /// <summary>JSON <c>"mcp23017"</c>: Microchip MCP23017, 16 pins (GPA0-7 = 0-7, GPB0-7 = 8-15), INTA and INTB.</summary>
        Mcp23017,

        /// <summary>JSON <c>"mcp23008"</c>: Microchip MCP23008, 8 pins (GP0-7), one INT.</summary>
        Mcp23008,
    }

    /// <summary>
    /// An MCP23017/MCP23008 I2C expander carrying SLIC control lines (JSON section <c>gpio.expander</c>,
    /// optional): a line with <c>"onExpander": true</c> is one of its pins.
    /// </summary>
    public sealed class ExpanderSection
    {
        /// <summary>The chip.</summary>
        public ExpanderChip Chip { get; }

        /// <summary>The I2C bus (<c>/dev/i2c-N</c>), ≥ 0.</summary>
        public int I2cBus { get; }

        /// <summary>The 7-bit address, <see cref="BoardLimits.MinExpanderAddress"/>..<see cref="BoardLimits.MaxExpanderAddress"/> (0x20-0x27).</summary>
        public int Address { get; }

        /// <summary>The gpiochip line wired to the INT output of SHK's port, or null: SHK is then polled every 1 ms.</summary>
        public int? InterruptLine { get; }

        /// <summary>Pins of the chip: 16 or 8.</summary>
        public int PinCount => Chip == ExpanderChip.Mcp23008 ? 8 : 16;

        internal ExpanderSection(ExpanderChip chip, int i2cBus, int address, int? interruptLine)
        {
            Chip = chip;
            I2cBus = i2cBus;
            Address = address;
            InterruptLine = interruptLine;
        }
    }
}
