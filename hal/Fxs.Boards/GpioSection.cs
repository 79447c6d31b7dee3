namespace Fxs.Boards
{
    /// <summary>Which Linux GPIO driver opens the lines (System.Device.Gpio's drivers; research/ecosystem.md §1).</summary>
    public enum GpioDriverKind
    {
        /// <summary>JSON <c>"libgpiod-v2"</c>: the character device through libgpiod 2 (libgpiod.so.3; Debian 13 / Raspberry Pi OS trixie).</summary>
        LibgpiodV2,

        /// <summary>JSON <c>"libgpiod-v1"</c>: the character device through libgpiod 1 (libgpiod.so.2; Debian 12 / bookworm).</summary>
        LibgpiodV1,

        /// <summary>JSON <c>"sysfs"</c>: /sys/class/gpio (deprecated by the kernel; last resort).</summary>
        Sysfs,

        /// <summary>JSON <c>"raspberry-pi"</c>: dotnet/iot's register driver through /dev/gpiomem (Pi 3/4 only).</summary>
        RaspberryPi,

        /// <summary>JSON <c>"auto"</c>: System.Device.Gpio picks (Pi detection, then libgpiod v1, v2, sysfs).</summary>
        Auto,
    }

    /// <summary>The SLIC's control lines on a Linux gpiochip (JSON section <c>gpio</c>, required on linux-gpio boards).</summary>
    public sealed class GpioSection
    {
        /// <summary>The driver that opens the lines.</summary>
        public GpioDriverKind Driver { get; }

        /// <summary>The gpiochip number (<c>/dev/gpiochipN</c>), ≥ 0.</summary>
        public int Chip { get; }

        /// <summary>SHK, switch-hook detect: input, asserted while the loop is closed (off hook; pulses during dialling).</summary>
        public GpioLine Shk { get; }

        /// <summary>RM, ring mode: output, asserted while ring voltage is wanted.</summary>
        public GpioLine Rm { get; }

        /// <summary>F/R, forward/reverse: output; toggled at the ringing frequency while RM is asserted, asserted = reverse polarity.</summary>
        public GpioLine Fr { get; }

        /// <summary>PD, power-down: output, asserted powers the SLIC down; null when not wired.</summary>
        public GpioLine? Pd { get; }

        /// <summary>The I2C expander some lines are on (<see cref="GpioLine.OnExpander"/>); null when none.</summary>
        public ExpanderSection? Expander { get; }

        internal GpioSection(GpioDriverKind driver, int chip, GpioLine shk, GpioLine rm, GpioLine fr, GpioLine? pd, ExpanderSection? expander = null)
        {
            Expander = expander;
            Driver = driver;
            Chip = chip;
            Shk = shk;
            Rm = rm;
            Fr = fr;
            Pd = pd;
        }
    }
}
