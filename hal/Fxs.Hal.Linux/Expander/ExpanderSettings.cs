using System;

namespace Fxs.Hal.Linux.Expander
{
    /// <summary>
    /// An MCP23017 or MCP23008 I2C GPIO expander carrying some of the SLIC's control lines (issue #15
    /// item 6). A line on it is named in <see cref="LinuxBoardSettings"/> by its expander pin plus
    /// <see cref="ExpanderGpioDriver.ExpanderPinBase"/> (1024 + pin: above every gpiochip line a board
    /// file accepts), so the HAL's parts (<see cref="GpioHookSwitch"/>, <see cref="GpioRinger"/>) work
    /// on it unchanged.
    /// </summary>
    public sealed class ExpanderSettings
    {
        /// <summary>The chip: <see cref="Mcp23017"/> (16 pins, GPA0-7 = 0-7, GPB0-7 = 8-15) or <see cref="Mcp23008"/> (8 pins).</summary>
        public string Chip { get; set; } = Mcp23017;

        /// <summary>"mcp23017": 16 pins in two ports, INTA and INTB.</summary>
        public const string Mcp23017 = "mcp23017";

        /// <summary>"mcp23008": 8 pins, one INT.</summary>
        public const string Mcp23008 = "mcp23008";

        /// <summary>Lowest 7-bit I2C address of the family (A2..A0 = 000): 0x20.</summary>
        public const int MinAddress = 0x20;

        /// <summary>Highest 7-bit I2C address of the family (A2..A0 = 111): 0x27.</summary>
        public const int MaxAddress = 0x27;

        /// <summary>The I2C bus (<c>/dev/i2c-N</c>); a Raspberry Pi's header pins 3 and 5 are bus 1.</summary>
        public int I2cBus { get; set; } = 1;

        /// <summary>The chip's 7-bit address, 0x20-0x27 (its A2..A0 pins).</summary>
        public int Address { get; set; } = MinAddress;

        /// <summary>
        /// The native GPIO line (on the board's gpiochip) wired to the expander's INT output of the
        /// port SHK is on (INTA for pins 0-7, INTB for 8-15; the MCP23008's only INT); null when none
        /// is wired: SHK is then read every <see cref="PollPeriod"/>.
        /// </summary>
        public int? InterruptLine { get; set; }

        /// <summary>How often an expander input without an interrupt line is read: 1 ms, the accuracy the HAL contract asks of hook edges.</summary>
        public TimeSpan PollPeriod { get; set; } = DefaultPollPeriod;

        /// <summary>1 ms.</summary>
        public static readonly TimeSpan DefaultPollPeriod = TimeSpan.FromMilliseconds(1);

        /// <summary>Pins of the chip: 16 or 8.</summary>
        public int PinCount { get { return Chip == Mcp23008 ? 8 : 16; } }

        /// <summary>The chip's name as people write it: "MCP23017".</summary>
        public string ChipName { get { return Chip.ToUpperInvariant(); } }

        /// <summary>Where the chip is, for messages: "MCP23017 at 0x20 on /dev/i2c-1".</summary>
        public string Describe()
        {
            return ChipName + " at 0x" + Address.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + " on /dev/i2c-" + I2cBus;
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
        public void Validate()
        {
            if (Chip != Mcp23017 && Chip != Mcp23008) { throw new ArgumentException("expander chip '" + Chip + "' is not one of mcp23017, mcp23008", nameof(Chip)); }
            if (I2cBus < 0) { throw new ArgumentException("I2C bus must be ≥ 0", nameof(I2cBus)); }
            if (Address < MinAddress || Address > MaxAddress) { throw new ArgumentException("expander address: 0x20-0x27", nameof(Address)); }
            if (InterruptLine < 0 || InterruptLine >= ExpanderGpioDriver.ExpanderPinBase) { throw new ArgumentException("interrupt line: a gpiochip line", nameof(InterruptLine)); }
            if (PollPeriod <= TimeSpan.Zero) { throw new ArgumentException("poll period must be positive", nameof(PollPeriod)); }
        }
    }
}
