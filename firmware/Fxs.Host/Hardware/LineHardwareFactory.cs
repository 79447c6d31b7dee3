using System;
using System.Collections.Generic;
using System.Device.Gpio;
using Fxs.Boards;
using Fxs.Host.Calls;
using Fxs.Hal.Linux;
using Fxs.Hal.Sim;
using Microsoft.Extensions.Logging;

namespace Fxs.Host.Hardware;

/// <summary>From a checked board definition to the parts the daemon runs on.</summary>
public static class LineHardwareFactory
{
    /// <summary>
    /// The parts <paramref name="board"/> runs on. <paramref name="phoneScript"/>: the model phone's actions
    /// (the sim board, or a Linux board on <paramref name="simulatedHardware"/>); <paramref name="realTime"/>:
    /// the sim board's frames paced to the wall clock.
    /// </summary>
    public static ILineHardware Create(BoardDefinition board, IReadOnlyList<CallStep> phoneScript, bool simulatedHardware, bool realTime,
        ILoggerFactory logs)
    {
        if (board.Kind == BoardKind.Sim)
        {
            return new SimLineHardware(SimOptions(board), phoneScript, realTime, TimeProvider.System);
        }
        if (board.Kind == BoardKind.External) { return ExternalHardware.Open(board, logs); }
        if (board.Kind != BoardKind.LinuxGpio) { throw new HardwareUnavailableException(board.Name + " is not a board `fxs run` runs on"); }

        LinuxBoardSettings settings = LinuxSettings(board);
        ILogger log = logs.CreateLogger("fxs.board");
        if (simulatedHardware)
        {
            return SimulatedLinuxHardware.Create(settings, board.Name, board.EchoDelayFrames, phoneScript, log);
        }
        try
        {
            LinuxBoard linux = LinuxBoard.Create(settings, log);
            return new LinuxLineHardware(linux, board.Name + ": GPIO " + settings.GpioDriver + " on gpiochip" + settings.GpioChip
                + " (SHK " + settings.ShkLine + ", RM " + settings.RmLine + ", F/R " + settings.FrLine + "), ALSA capture "
                + settings.CaptureDevice + ", playback " + settings.PlaybackDevice
                + (settings.Expander is null ? "" : "; lines 1024+ on the " + settings.Expander.Describe()), board.EchoDelayFrames);
        }
        catch (BoardPartException e)
        {
            // A GPIO library, chip or line would not open: the part that failed and what to do, one line.
            throw new HardwareUnavailableException(e.Message, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything the HAL did not recognise: still one line, and only the GPIO is opened here (ALSA opens when the line starts).
            throw new HardwareUnavailableException("GPIO " + settings.GpioDriver + " on gpiochip" + settings.GpioChip + " cannot be opened ("
                + e.GetType().Name + ": " + BoardPartException.FirstLine(e.Message) + "): check gpio.driver and gpio.chip in the board file", e);
        }
    }

    public static SimBoardOptions SimOptions(BoardDefinition board)
    {
        var options = new SimBoardOptions();
        if (board.Sim is SimSection sim)
        {
            options.Encoding = sim.Format;
            options.EchoReturnLossDeciDb = sim.EchoReturnLossDeciDb;
            options.NoiseDeciDbm0 = sim.NoiseDeciDbm0;
            options.Seed = sim.Seed;
        }
        return options;
    }

    /// <summary>A linux-gpio board file as the Linux HAL's settings.</summary>
    public static LinuxBoardSettings LinuxSettings(BoardDefinition board)
    {
        GpioSection gpio = board.Gpio!;
        AudioSection audio = board.Audio!;
        var s = new LinuxBoardSettings
        {
            GpioDriver = gpio.Driver switch
            {
                GpioDriverKind.LibgpiodV2 => GpioDriverKinds.LibgpiodV2,
                GpioDriverKind.LibgpiodV1 => GpioDriverKinds.LibgpiodV1,
                GpioDriverKind.Sysfs => GpioDriverKinds.Sysfs,
                GpioDriverKind.RaspberryPi => GpioDriverKinds.RaspberryPi,
                _ => GpioDriverKinds.Auto,
            },
            GpioChip = gpio.Chip,
            ShkLine = ExpanderLines.Line(gpio.Shk),
            ShkActiveLow = gpio.Shk.ActiveLow,
            ShkBias = gpio.Shk.Bias switch
            {
                GpioBias.PullUp => PinMode.InputPullUp,
                GpioBias.PullDown => PinMode.InputPullDown,
                _ => PinMode.Input,
            },
            RmLine = ExpanderLines.Line(gpio.Rm),
            RmActiveLow = gpio.Rm.ActiveLow,
            FrLine = ExpanderLines.Line(gpio.Fr),
            FrActiveLow = gpio.Fr.ActiveLow,
            PdLine = gpio.Pd is null ? null : ExpanderLines.Line(gpio.Pd),
            PdActiveLow = gpio.Pd?.ActiveLow ?? false,
            CaptureDevice = audio.Capture,
            PlaybackDevice = audio.Playback,
            Encoding = audio.Format,
            PeriodFrames = audio.PeriodFrames,
            BufferPeriods = audio.BufferPeriods,
            RingFrequencyHz = board.Ringing?.FrequencyHz ?? GpioRinger.DefaultFrequencyHz,
            Expander = ExpanderLines.Settings(gpio.Expander),
        };
        return s;
    }
}
