using System;
using System.Device.Gpio;
using Fxs.Hal.Line;
using Fxs.Hal.Linux.Expander;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests.Expander;

/// <summary>
/// The expander path for real but for the silicon: the register model on a simulated I2C bus
/// (SimulatedMcp23017) ← dotnet/iot's Mcp23017 driver ← ExpanderGpioDriver (with a simulated
/// gpiochip for the native lines and INT) ← GpioController ← the HAL's hook switch and ringer →
/// HookSignalDecoder, stepped a 10 ms frame at a time on a fake clock as the pump would.
/// </summary>
internal sealed class ExpanderRig : IDisposable
{
    public const int Base = ExpanderGpioDriver.ExpanderPinBase;
    public const int InterruptLine = 24;

    public readonly FakeTimeProvider Time = new();
    public readonly SimulatedGpioDriver Native = new();
    public readonly SimulatedMcp23017 Chip;
    public readonly ExpanderGpioDriver Driver;
    public readonly GpioController Gpio;
    public readonly LineTimeBase TimeBase;
    private readonly DateTimeOffset _start;
    private long _frameEnd;

    public ExpanderRig(bool interrupt, int shkPin = 0, int pinCount = 16)
    {
        _start = Time.GetUtcNow();
        TimeBase = new LineTimeBase(Time);
        Chip = new SimulatedMcp23017(busId: 1, address: 0x20, pinCount: pinCount);
        Settings = new ExpanderSettings
        {
            Chip = pinCount == 8 ? ExpanderSettings.Mcp23008 : ExpanderSettings.Mcp23017,
            I2cBus = 1,
            Address = 0x20,
            InterruptLine = interrupt ? InterruptLine : null,
        };
        if (interrupt) { Chip.ConnectInterrupt(Native, InterruptLine, port: shkPin >= 8 ? 1 : 0); }
        Driver = ExpanderGpioDriver.Open(new GpioController(Native), Chip, Settings, Base + shkPin, Time);
        Gpio = new GpioController(Driver);
    }

    public ExpanderSettings Settings { get; }

    public GpioHookSwitch? Hook { get; private set; }

    public HookSignalDecoder? Decoder { get; private set; }

    public HookRecorder Recorder { get; } = new();

    /// <summary>SHK on expander pin <paramref name="pin"/>, active high, decoded.</summary>
    public GpioHookSwitch OpenHook(int pin)
    {
        Hook = new GpioHookSwitch(Gpio, Base + pin, activeLow: false, PinMode.Input, TimeBase);
        Decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), Recorder);
        Hook.SetEdgeListener(Decoder);
        return Hook;
    }

    public void SetTime(long micros)
    {
        DateTimeOffset at = _start + TimeSpan.FromTicks(micros * 10);
        if (at > Time.GetUtcNow()) { Time.SetUtcNow(at); }
    }

    /// <summary>Runs frames (anchor, deliver edges, advance the decoder) until line time reaches <paramref name="micros"/>, the clock a millisecond at a time.</summary>
    public void RunTo(long micros)
    {
        while ((_frameEnd + CodecFrame.Samples) * 125 <= micros)
        {
            long frameEnd = _frameEnd + CodecFrame.Samples;
            for (long t = _frameEnd * 125 + 1000; t <= frameEnd * 125; t += 1000) { SetTime(t); }
            TimeBase.Anchor(frameEnd);
            Hook?.DeliverEdges(frameEnd);
            Decoder?.Advance(frameEnd);
            _frameEnd = frameEnd;
        }
        SetTime(micros);
    }

    public void Dispose()
    {
        Hook?.Dispose();
        Gpio.Dispose();
    }
}
