using System;
using System.Device.Gpio;
using Fxs.Hal.Linux.Expander;

namespace Fxs.Hal.Linux.Simulated
{
    /// <summary>
    /// Bench part: a board's whole GPIO side simulated from its settings — a <see cref="SimulatedGpioDriver"/>
    /// for the gpiochip and, when the settings name an expander, a <see cref="SimulatedMcp23017"/> behind
    /// the real Mcp23xxx driver (its INT wired to the native interrupt line) — as one
    /// <see cref="Driver"/> to build a <see cref="LinuxBoard"/> on, with inputs set by board line number.
    /// </summary>
    public sealed class SimulatedBoardGpio
    {
        /// <summary>The GPIO parts <paramref name="settings"/> describe; <paramref name="time"/> paces expander polling.</summary>
        public SimulatedBoardGpio(LinuxBoardSettings settings, TimeProvider time)
        {
            if (settings == null) { throw new ArgumentNullException(nameof(settings)); }
            Native = new SimulatedGpioDriver();
            ExpanderSettings? x = settings.Expander;
            if (x == null)
            {
                Driver = Native;
                return;
            }
            Expander = new SimulatedMcp23017(x.I2cBus, x.Address, x.PinCount);
            if (x.InterruptLine is int line)
            {
                Expander.ConnectInterrupt(Native, line, settings.ShkLine >= ExpanderGpioDriver.ExpanderPinBase + 8 ? 1 : 0);
            }
            Driver = ExpanderGpioDriver.Open(new GpioController(Native), Expander, x, settings.ShkLine, time);
        }

        /// <summary>The gpiochip.</summary>
        public SimulatedGpioDriver Native { get; }

        /// <summary>The expander chip, or null.</summary>
        public SimulatedMcp23017? Expander { get; }

        /// <summary>The driver the board is built on (owned by the board once built).</summary>
        public GpioDriver Driver { get; }

        /// <summary>Drives board line <paramref name="line"/> (a gpiochip line, or 1024 + an expander pin) from outside.</summary>
        public void SetInput(int line, PinValue value)
        {
            if (ExpanderGpioDriver.IsExpanderLine(line) && Expander != null)
            {
                Expander.SetInput(line - ExpanderGpioDriver.ExpanderPinBase, value == PinValue.High);
                return;
            }
            Native.SetInput(line, value);
        }
    }
}
