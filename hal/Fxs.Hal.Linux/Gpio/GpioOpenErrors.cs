using System;
using System.IO;

namespace Fxs.Hal.Linux
{
    /// <summary>
    /// What a GPIO driver's or line's failure to open means to the person at the board: the part
    /// (the libgpiod library the driver loads, /dev/gpiochipN, a line) and what to change
    /// (the board file's gpio.driver / gpio.chip, a Debian package, the gpio group).
    /// </summary>
    internal static class GpioOpenErrors
    {
        // The shared libraries System.Device.Gpio's drivers load: libgpiod 2.x is libgpiod.so.3
        // (Debian 13 trixie: libgpiod3), libgpiod 1.x is libgpiod.so.2 (Debian 12 bookworm: libgpiod2).
        private const string LibgpiodV2Library = "libgpiod.so.3";
        private const string LibgpiodV1Library = "libgpiod.so.2";

        /// <summary>The driver <paramref name="driverKind"/> on gpiochip <paramref name="chip"/> would not open (<paramref name="e"/>).</summary>
        public static BoardPartException Controller(string driverKind, int chip, Exception e)
        {
            Exception innermost = Innermost(e);
            if (innermost is DllNotFoundException || innermost is EntryPointNotFoundException)
            {
                return Library(driverKind, innermost);
            }
            switch (driverKind)
            {
                case GpioDriverKinds.LibgpiodV2:
                case GpioDriverKinds.LibgpiodV1:
                    string path = "/dev/gpiochip" + chip;
                    if (!File.Exists(path))
                    {
                        return new BoardPartException(path, "does not exist", "set gpio.chip in the board file to a chip `gpiodetect` lists", e);
                    }
                    return new BoardPartException(path, "cannot be opened (" + Reason(innermost) + ")",
                        "run fxs as a user in the gpio group (or give it the device with a udev rule)", e);
                case GpioDriverKinds.Sysfs:
                    return new BoardPartException("/sys/class/gpio", "cannot be used (" + Reason(innermost) + ")",
                        "this kernel may lack the sysfs GPIO interface: set gpio.driver to libgpiod-v1 or libgpiod-v2", e);
                case GpioDriverKinds.RaspberryPi:
                    return new BoardPartException("/dev/gpiomem", "cannot be used (" + Reason(innermost) + ")",
                        "the raspberry-pi driver needs a Pi 3/4 and the gpio group (a Pi 5 needs libgpiod-v1 or libgpiod-v2)", e);
                default:
                    return new BoardPartException("GPIO driver " + driverKind, "cannot be opened (" + Reason(innermost) + ")",
                        "name the driver in the board file's gpio.driver (libgpiod-v2, libgpiod-v1, sysfs, raspberry-pi)", e);
            }
        }

        /// <summary>GPIO line <paramref name="line"/> (<paramref name="role"/>: SHK, RM, F/R, PD) on gpiochip <paramref name="chip"/> would not open.</summary>
        public static BoardPartException Line(int line, string role, int chip, Exception e)
        {
            if (Expander.ExpanderGpioDriver.IsExpanderLine(line))
            {
                return new BoardPartException("expander pin " + (line - Expander.ExpanderGpioDriver.ExpanderPinBase) + " (" + role + ")", "cannot be set up (" + Reason(Innermost(e)) + ")",
                    "check gpio." + role.Replace("/", "").ToLowerInvariant() + " and gpio.expander in the board file", e);
            }
            return new BoardPartException("GPIO line " + line + " (" + role + ") on gpiochip" + chip, "cannot be taken (" + Reason(Innermost(e)) + ")",
                "another process may hold it (`gpioinfo` names its consumer; is another fxs running?), or check gpio." + role.Replace("/", "").ToLowerInvariant()
                + ".line in the board file", e);
        }

        private static BoardPartException Library(string driverKind, Exception e)
        {
            string problem = e is EntryPointNotFoundException ? "is not the libgpiod this driver calls (" + Reason(e) + ")" : "not found";
            switch (driverKind)
            {
                case GpioDriverKinds.LibgpiodV2:
                    return new BoardPartException(LibgpiodV2Library, problem,
                        "on Debian 12 / Raspberry Pi OS bookworm (libgpiod.so.2) set gpio.driver to libgpiod-v1, or install libgpiod3", e);
                case GpioDriverKinds.LibgpiodV1:
                    return new BoardPartException(LibgpiodV1Library, problem,
                        "install libgpiod2 (Debian 12), or on Debian 13 / Raspberry Pi OS trixie (libgpiod.so.3) set gpio.driver to libgpiod-v2", e);
                default:
                    return new BoardPartException("libgpiod", problem + " for the " + driverKind + " GPIO driver",
                        "install libgpiod2 (Debian 12) or libgpiod3 (Debian 13) and name it in gpio.driver (libgpiod-v1 or libgpiod-v2)", e);
            }
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) { e = e.InnerException; }
            return e;
        }

        private static string Reason(Exception e)
        {
            return BoardPartException.FirstLine(e.Message);
        }
    }
}
