using System;
using System.Device.Gpio;
using System.Device.I2c;

namespace Fxs.Hal.Linux.Expander
{
    /// <summary>The real expander on real hardware: its I2C bus device, then the chip behind it (<see cref="LinuxBoard.Create"/>).</summary>
    internal static class ExpanderOpen
    {
        /// <summary>
        /// A controller over <paramref name="native"/> (owned: disposed on failure too) and the expander
        /// <paramref name="settings"/> names; a bus or chip that will not open is a <see cref="BoardPartException"/>.
        /// </summary>
        public static GpioController Open(GpioController native, LinuxBoardSettings settings)
        {
            ExpanderSettings x = settings.Expander!;
            I2cDevice device;
            try
            {
                device = I2cDevice.Create(new I2cConnectionSettings(x.I2cBus, x.Address));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                native.Dispose();
                throw new BoardPartException("/dev/i2c-" + x.I2cBus, "cannot be opened (" + BoardPartException.FirstLine(e.Message) + ")",
                    "enable I2C (Raspberry Pi: dtparam=i2c_arm=on), run fxs in the i2c group, or set gpio.expander.i2cBus in the board file", e);
            }
            try
            {
                return new GpioController(ExpanderGpioDriver.Open(native, device, x, settings.ShkLine, TimeProvider.System));
            }
            catch
            {
                native.Dispose();
                throw;
            }
        }
    }
}
