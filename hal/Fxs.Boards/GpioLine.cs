namespace Fxs.Boards
{
    /// <summary>Internal bias of a GPIO input (JSON <c>"pull-up"</c>, <c>"pull-down"</c>, <c>"none"</c>).</summary>
    public enum GpioBias
    {
        /// <summary>JSON <c>"none"</c>: the SLIC drives the line (or an external resistor biases it).</summary>
        None,

        /// <summary>JSON <c>"pull-up"</c>: the SoC's pull-up resistor.</summary>
        PullUp,

        /// <summary>JSON <c>"pull-down"</c>: the SoC's pull-down resistor.</summary>
        PullDown,
    }

    /// <summary>One SLIC control signal on one GPIO line.</summary>
    public sealed class GpioLine
    {
        /// <summary>Line offset on the board's gpiochip (on a microcontroller: its GPIO number), <see cref="BoardLimits.MinGpioLine"/>..<see cref="BoardLimits.MaxGpioLine"/>.</summary>
        public int Line { get; }

        /// <summary>
        /// True when the signal is asserted at the low level (e.g. SHK asserted = off hook reads 0 V).
        /// Always written in the file: a typo must never silently become a polarity.
        /// </summary>
        public bool ActiveLow { get; }

        /// <summary>The input's bias; null for outputs (they have none).</summary>
        public GpioBias? Bias { get; }

        /// <summary>True for an input (a line read by the firmware: SHK).</summary>
        public bool IsInput => Bias.HasValue;

        /// <summary>True when <see cref="Line"/> is a pin of the board's I2C expander (<see cref="GpioSection.Expander"/>), not a gpiochip line.</summary>
        public bool OnExpander { get; }

        internal GpioLine(int line, bool activeLow, GpioBias? bias, bool onExpander = false)
        {
            Line = line;
            ActiveLow = activeLow;
            Bias = bias;
            OnExpander = onExpander;
        }
    }
}
