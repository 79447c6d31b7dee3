namespace Fxs.Hal.Linux
{
    /// <summary>
    /// The GPIO driver names <see cref="LinuxBoardSettings.GpioDriver"/> accepts (the same words as
    /// the board files, boards/*.json), each a System.Device.Gpio 4.2.0 driver (research/ecosystem.md §1).
    /// </summary>
    public static class GpioDriverKinds
    {
        /// <summary>"libgpiod-v2": <c>LibGpiodV2Driver(chip)</c>, libgpiod 2 (libgpiod.so.3; Debian 13 / Raspberry Pi OS trixie).</summary>
        public const string LibgpiodV2 = "libgpiod-v2";

        /// <summary>"libgpiod-v1": <c>LibGpiodDriver(chip)</c>, libgpiod 1 (libgpiod.so.2; Debian 12 / bookworm).</summary>
        public const string LibgpiodV1 = "libgpiod-v1";

        /// <summary>"sysfs": <c>SysFsDriver()</c>, /sys/class/gpio (deprecated by the kernel; last resort).</summary>
        public const string Sysfs = "sysfs";

        /// <summary>"raspberry-pi": <c>RaspberryPi3Driver()</c>, registers through /dev/gpiomem (Pi 3/4).</summary>
        public const string RaspberryPi = "raspberry-pi";

        /// <summary>"auto": <c>new GpioController()</c> picks (Pi detection, then libgpiod v1, v2, sysfs).</summary>
        public const string Auto = "auto";

        /// <summary>True when <paramref name="kind"/> is one of the names above.</summary>
        public static bool IsKnown(string? kind)
        {
            return kind == LibgpiodV2 || kind == LibgpiodV1 || kind == Sysfs || kind == RaspberryPi || kind == Auto;
        }
    }
}
