using System;
using System.Device.Gpio;

namespace Fxs.Hal.Linux.Expander
{
    /// <summary>The expander half of <see cref="LinuxBoardSettings.Validate"/>: which lines may be on it, and how.</summary>
    internal static class ExpanderChecks
    {
        public static void Validate(LinuxBoardSettings s)
        {
            ExpanderSettings? x = s.Expander;
            x?.Validate();
            Line(s, s.ShkLine, "SHK");
            Line(s, s.RmLine, "RM");
            Line(s, s.FrLine, "F/R");
            if (s.PdLine.HasValue) { Line(s, s.PdLine.Value, "PD"); }
            bool shkOnExpander = ExpanderGpioDriver.IsExpanderLine(s.ShkLine);
            if (shkOnExpander && s.ShkBias == PinMode.InputPullDown)
            {
                throw new ArgumentException("SHK on the expander: the MCP23xxx has pull-ups only (bias pull-up or none)", nameof(s.ShkBias));
            }
            if (x?.InterruptLine is int line)
            {
                if (!shkOnExpander) { throw new ArgumentException("an expander interrupt line serves SHK on the expander; SHK is on the gpiochip", nameof(x.InterruptLine)); }
                if (line == s.ShkLine || line == s.RmLine || line == s.FrLine || line == s.PdLine)
                {
                    throw new ArgumentException("the expander's interrupt line is also a SLIC line", nameof(x.InterruptLine));
                }
            }
        }

        private static void Line(LinuxBoardSettings s, int line, string role)
        {
            if (!ExpanderGpioDriver.IsExpanderLine(line)) { return; }
            if (s.Expander == null) { throw new ArgumentException(role + " is on an expander (line ≥ 1024) but no expander is set", nameof(s.Expander)); }
            int pin = line - ExpanderGpioDriver.ExpanderPinBase;
            if (pin >= s.Expander.PinCount)
            {
                throw new ArgumentException(role + ": expander pin " + pin + ", but the " + s.Expander.ChipName + " has pins 0-" + (s.Expander.PinCount - 1), nameof(s.Expander));
            }
        }
    }
}
