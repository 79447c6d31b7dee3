using System;
using System.Device.Gpio;
using Fxs.Hal.Linux.Expander;
using Fxs.Hal.Linux.Simulated;
using Iot.Device.Mcp23xxx;

namespace Fxs.Hal.Linux.Tests.Expander;

/// <summary>SLIC control lines on an MCP23017/MCP23008 (issue #15 item 6), against the register model.</summary>
public class ExpanderTests
{
    private const int Base = ExpanderRig.Base;
    private const long SamplesPerMs = 8;

    private static LinuxBoardSettings AllOnExpander(ExpanderSettings expander) => new()
    {
        GpioDriver = GpioDriverKinds.LibgpiodV2,
        ShkLine = Base + 0, ShkActiveLow = false, ShkBias = PinMode.Input,
        RmLine = Base + 1, RmActiveLow = false,
        FrLine = Base + 2, FrActiveLow = true,
        PdLine = Base + 3, PdActiveLow = true,
        Encoding = CodecEncoding.Linear16,
        PeriodFrames = 1, BufferPeriods = 2,
        Expander = expander,
    };

    [Fact]
    public void The_model_raises_INTF_INTCAP_and_INT_under_the_real_driver_and_a_read_clears_them()
    {
        var native = new SimulatedGpioDriver();
        var chip = new SimulatedMcp23017();
        chip.ConnectInterrupt(native, ExpanderRig.InterruptLine);
        using var mcp = new Mcp23017(chip, -1, ExpanderRig.InterruptLine, -1, new GpioController(native));
        Assert.Equal(0xFF, chip.Peek(Register.IODIR, 0));          // the driver's reset writes: all inputs
        Assert.Equal(0xFF, chip.Peek(Register.IODIR, 1));
        mcp.EnableInterruptOnChange(5, PinEventTypes.Rising | PinEventTypes.Falling);
        Assert.Equal(1 << 5, chip.Peek(Register.GPINTEN, 0));
        Assert.Equal(0, chip.Peek(Register.INTCON, 0));             // on change, not against DEFVAL
        Assert.Equal(PinValue.High, native.GetOutput(ExpanderRig.InterruptLine)); // INTA idle: active low

        chip.SetInput(5, true);
        Assert.Equal(1 << 5, chip.Peek(Register.INTF, 0));
        Assert.Equal(1 << 5, chip.Peek(Register.INTCAP, 0));
        Assert.Equal(PinValue.Low, native.GetOutput(ExpanderRig.InterruptLine));
        chip.SetInput(5, false);                                    // a second change while pending: no new capture
        Assert.Equal(1 << 5, chip.Peek(Register.INTCAP, 0));
        Assert.Equal(1, chip.InterruptsRaised);

        Assert.Equal(1 << 5, mcp.ReadByte(Register.INTCAP));        // reading INTCAP over the bus clears it
        Assert.Equal(0, chip.Peek(Register.INTF, 0));
        Assert.Equal(PinValue.High, native.GetOutput(ExpanderRig.InterruptLine));
    }

    [Fact]
    public void Ring_forward_reverse_and_power_down_drive_the_latch_bits()
    {
        using var rig = new ExpanderRig(interrupt: true);
        using var board = new LinuxBoard(AllOnExpander(rig.Settings), rig.Driver,
            new SimulatedPcmDevice(SimulatedPcmMode.Blocking), new SimulatedPcmDevice(SimulatedPcmMode.Blocking), rig.Time);
        // GPA0 SHK in; GPA1 RM, GPA2 F/R, GPA3 PD out; the rest untouched inputs.
        Assert.Equal(0xF1, rig.Chip.Peek(Register.IODIR, 0));
        Assert.Equal(0xFF, rig.Chip.Peek(Register.IODIR, 1));
        // Before Start: PD asserted (active low: 0), RM off (0), F/R forward (active low: 1).
        Assert.Equal(0b0100, rig.Chip.Peek(Register.OLAT, 0));
        Assert.Equal(1, rig.Chip.Peek(Register.GPINTEN, 0));       // SHK armed for interrupt-on-change
        Assert.Equal(0, rig.Chip.Peek(Register.IOCON, 0) & 0b110);  // INT active low, push-pull

        board.Start();
        Assert.True(rig.Chip.PinHigh(3));                           // powered up

        board.Ringer.SetRinging(true);
        Assert.True(rig.Chip.PinHigh(1));                           // RM
        int toggles = 0;
        bool reverse = !rig.Chip.PinHigh(2);
        for (int ms = 1; ms <= 1000; ms++)
        {
            rig.SetTime(ms * 1000L);
            bool now = !rig.Chip.PinHigh(2);
            if (now != reverse) { toggles++; reverse = now; }
        }
        Assert.Equal(32, toggles);                                  // 16 Hz: a toggle every 31.25 ms

        rig.Chip.SetInput(0, true);                                 // the phone answers: INT → ring trip on the event thread
        Assert.False(board.Ringer.IsRinging);
        Assert.False(rig.Chip.PinHigh(1));
        Assert.True(rig.Chip.PinHigh(2));                           // forward
        board.Stop();
        Assert.False(rig.Chip.PinHigh(3));                          // powered down again
    }

    [Fact]
    public void A_hook_change_comes_through_the_interrupt_line_at_its_sample()
    {
        using var rig = new ExpanderRig(interrupt: true);
        rig.OpenHook(0);
        rig.RunTo(103_500);
        rig.Chip.SetInput(0, true);                                 // off hook 103.5 ms in: sample 828
        Assert.Equal(1, rig.Chip.InterruptsRaised);
        Assert.Equal(0, rig.Chip.Peek(Register.INTF, 0));          // the driver read GPIO: cleared
        Assert.Equal(PinValue.High, rig.Native.GetOutput(ExpanderRig.InterruptLine));
        rig.RunTo(2_000_000);
        rig.Chip.SetInput(0, false);                                // on hook at 2 s
        rig.RunTo(4_000_000);

        Assert.Equal("off on", rig.Recorder.Summary());
        Assert.Equal(828, rig.Recorder.Events[0].At);
        Assert.Equal(2000 * SamplesPerMs, rig.Recorder.Events[1].At);
        Assert.Equal(0, rig.Driver.Polls);                          // nothing polled with INT wired
    }

    [Fact]
    public void Without_an_interrupt_line_the_hook_is_polled_every_millisecond()
    {
        using var rig = new ExpanderRig(interrupt: false);
        rig.OpenHook(9);                                            // GPB1
        Assert.Equal(0, rig.Chip.Peek(Register.GPINTEN, 1));       // no interrupt armed
        rig.RunTo(103_500);
        rig.Chip.SetInput(9, true);                                 // sample 828; the next poll is at 104 ms
        rig.RunTo(2_000_300);
        rig.Chip.SetInput(9, false);
        rig.RunTo(4_000_000);

        Assert.Equal("off on", rig.Recorder.Summary());
        Assert.InRange(rig.Recorder.Events[0].At, 828, 828 + SamplesPerMs);
        Assert.InRange(rig.Recorder.Events[1].At, 2000_300 / 125, 2000_300 / 125 + SamplesPerMs);
        Assert.InRange(rig.Driver.Polls, 3990, 4000);
        Assert.Equal(0, rig.Chip.InterruptsRaised);
    }

    [Fact]
    public void An_mcp23008_carries_the_outputs_with_the_hook_on_the_gpiochip()
    {
        using var rig = new ExpanderRig(interrupt: false, shkPin: 0, pinCount: 8);
        var settings = AllOnExpander(rig.Settings);
        settings.ShkLine = 17;                                      // SHK native, RM/F-R/PD on the MCP23008
        using var board = new LinuxBoard(settings, rig.Driver,
            new SimulatedPcmDevice(SimulatedPcmMode.Blocking), new SimulatedPcmDevice(SimulatedPcmMode.Blocking), rig.Time);
        Assert.Equal(0xF1, rig.Chip.Peek(Register.IODIR));
        Assert.Equal(0b0100, rig.Chip.Peek(Register.OLAT));
        Assert.Equal(PinMode.Input, rig.Native.ModeOf(17));
        board.Ringer.SetRinging(true);
        Assert.True(rig.Chip.PinHigh(1));
        rig.Native.SetInput(17, PinValue.High);                     // ring trip from the native SHK
        Assert.False(rig.Chip.PinHigh(1));
    }

    [Fact]
    public void A_chip_that_does_not_answer_is_one_line_naming_it()
    {
        var chip = new SimulatedMcp23017(busId: 1, address: 0x21) { Absent = true };
        var settings = new ExpanderSettings { Chip = ExpanderSettings.Mcp23017, I2cBus = 1, Address = 0x21 };
        var e = Assert.Throws<BoardPartException>(() => ExpanderGpioDriver.Open(new GpioController(new SimulatedGpioDriver()), chip, settings, Base, new Microsoft.Extensions.Time.Testing.FakeTimeProvider()));
        Assert.StartsWith("MCP23017 at 0x21 on /dev/i2c-1 does not answer (", e.Message);
        Assert.Contains("i2cdetect -y 1", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Theory]
    [InlineData("pull-down")]
    [InlineData("pin 16")]
    [InlineData("no expander")]
    [InlineData("interrupt with native shk")]
    public void Settings_the_chip_cannot_have_are_refused(string fault)
    {
        var s = AllOnExpander(new ExpanderSettings { InterruptLine = 24 });
        switch (fault)
        {
            case "pull-down": s.ShkBias = PinMode.InputPullDown; break;
            case "pin 16": s.RmLine = Base + 16; break;
            case "no expander": s.Expander = null; break;
            default: s.ShkLine = 17; break;
        }
        Assert.Throws<ArgumentException>(() => s.Validate());
    }
}
