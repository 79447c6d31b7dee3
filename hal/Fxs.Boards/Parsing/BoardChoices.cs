using Fxs.Config;
using Fxs.Hal;

namespace Fxs.Boards.Parsing
{
    /// <summary>The spellings of every enumerated field, in the order error messages list them.</summary>
    internal static class BoardChoices
    {
        internal static readonly Choice<BoardKind> Kind = new Choice<BoardKind>(
            new[] { "sim", "linux-gpio", "nanoframework", "external" },
            new[] { BoardKind.Sim, BoardKind.LinuxGpio, BoardKind.NanoFramework, BoardKind.External });

        /// <summary>RIDs the Publish target builds: 64-bit Linux only (Pi OS 64-bit, x64 gateways; research/ecosystem.md).</summary>
        internal static readonly Choice<string> Runtime = new Choice<string>(
            new[] { "linux-arm64", "linux-x64" },
            new[] { "linux-arm64", "linux-x64" });

        internal static readonly Choice<GpioDriverKind> Driver = new Choice<GpioDriverKind>(
            new[] { "libgpiod-v2", "libgpiod-v1", "sysfs", "raspberry-pi", "auto" },
            new[] { GpioDriverKind.LibgpiodV2, GpioDriverKind.LibgpiodV1, GpioDriverKind.Sysfs, GpioDriverKind.RaspberryPi, GpioDriverKind.Auto });

        internal static readonly Choice<ExpanderChip> Expander = new Choice<ExpanderChip>(
            new[] { "mcp23017", "mcp23008" },
            new[] { ExpanderChip.Mcp23017, ExpanderChip.Mcp23008 });

        internal static readonly Choice<GpioBias> Bias = new Choice<GpioBias>(
            new[] { "pull-up", "pull-down", "none" },
            new[] { GpioBias.PullUp, GpioBias.PullDown, GpioBias.None });

        internal static readonly Choice<CodecEncoding> Format = new Choice<CodecEncoding>(
            new[] { "s16le", "mu-law", "a-law" },
            new[] { CodecEncoding.Linear16, CodecEncoding.MuLaw, CodecEncoding.ALaw });
    }
}
