using System;
using System.Device.Gpio;
using System.IO;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

// Issue #15, item 1: a board part that will not open is a BoardPartException whose message is one
// line naming that part, and only that part, and what to do.
public class BoardPartTests
{
    private static LinuxBoardSettings Settings() => new()
    {
        GpioDriver = GpioDriverKinds.LibgpiodV1,
        GpioChip = 0,
        ShkLine = 17, ShkActiveLow = false, ShkBias = PinMode.InputPullDown,
        RmLine = 27, RmActiveLow = false,
        FrLine = 22, FrActiveLow = true,
        PdLine = 23, PdActiveLow = true,
        Encoding = CodecEncoding.MuLaw,
        PeriodFrames = 1, BufferPeriods = 2,
    };

    [Theory]
    [InlineData(17, "SHK")]
    [InlineData(27, "RM")]
    [InlineData(22, "F/R")]
    [InlineData(23, "PD")]
    public void A_line_another_process_holds_is_named_with_its_role_and_every_line_is_released(int line, string role)
    {
        var gpio = new SimulatedGpioDriver();
        gpio.HoldElsewhere(line);
        var e = Assert.Throws<BoardPartException>(() => new LinuxBoard(Settings(), gpio, new SimulatedPcmDevice(SimulatedPcmMode.Blocking),
            new SimulatedPcmDevice(SimulatedPcmMode.Blocking), new FakeTimeProvider()));

        Assert.Equal("GPIO line " + line + " (" + role + ") on gpiochip0", e.Part);
        Assert.StartsWith("GPIO line " + line + " (" + role + ") on gpiochip0 cannot be taken (Device or resource busy", e.Message);
        Assert.Contains("`gpioinfo` names its consumer", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        foreach (int other in new[] { 17, 27, 22, 23 }) { Assert.False(gpio.IsOpen(other), "line " + other + " left open"); }
    }

    [Fact]
    public void A_gpiochip_that_does_not_exist_is_named_by_its_device_path()
    {
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/libgpiod.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libgpiod.so.2"),
            "libgpiod.so.2 (Debian libgpiod2) is needed for this test");
        var settings = Settings();
        settings.GpioChip = 99;
        var e = Assert.Throws<BoardPartException>(() => LinuxBoard.Create(settings));
        Assert.Equal("/dev/gpiochip99", e.Part);
        Assert.Equal("/dev/gpiochip99 does not exist: set gpio.chip in the board file to a chip `gpiodetect` lists", e.Message);
    }

    [Fact]
    public void A_capture_pcm_that_does_not_exist_is_named_and_the_playback_pcm_never_tried_is_not()
    {
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/libasound.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libasound.so.2"),
            "libasound.so.2 (Debian libasound2) is needed for this test");
        var settings = Settings();
        settings.CaptureDevice = "fxs-no-such-capture";
        settings.PlaybackDevice = "fxs-no-such-playback";
        var gpio = new SimulatedGpioDriver();
        using var board = new LinuxBoard(settings, gpio, new AlsaPcmDevice(settings.CaptureDevice),
            new AlsaPcmDevice(settings.PlaybackDevice), new FakeTimeProvider());
        var e = Assert.Throws<BoardPartException>(() => board.Start());
        Assert.StartsWith("ALSA capture PCM 'fxs-no-such-capture' cannot be opened (", e.Message);
        Assert.Contains("set audio.capture in the board file to a PCM `arecord -L` lists", e.Message);
        Assert.DoesNotContain("fxs-no-such-playback", e.Message);
        Assert.Equal(PinValue.Low, gpio.GetOutput(23)); // PD (active low) asserted again: the SLIC stays powered down
    }
}
