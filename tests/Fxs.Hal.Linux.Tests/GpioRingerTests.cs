using System;
using System.Collections.Generic;
using System.Device.Gpio;
using Fxs.Hal.Line;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

public class GpioRingerTests
{
    private const int Rm = 20, Fr = 21, Shk = 22;

    private sealed class Rig : IDisposable
    {
        public readonly FakeTimeProvider Time = new();
        public readonly SimulatedGpioDriver Driver = new();
        public readonly GpioController Gpio;
        public readonly GpioHookSwitch Hook;
        public readonly GpioRinger Ringer;
        public readonly List<(TimeSpan At, int Pin, PinValue Value)> Writes = new();
        private readonly DateTimeOffset _start;

        public Rig(bool rmActiveLow = false, bool frActiveLow = false, int hz = 16)
        {
            _start = Time.GetUtcNow();
            Gpio = new GpioController(Driver);
            Hook = new GpioHookSwitch(Gpio, Shk, false, PinMode.Input, new LineTimeBase(Time));
            Ringer = new GpioRinger(Gpio, Rm, rmActiveLow, Fr, frActiveLow, hz, Time, Hook);
            Hook.SetRingTrip(Ringer);
            Driver.OutputChanged += (pin, value) => Writes.Add((Time.GetUtcNow() - _start, pin, value));
        }

        public long FrChanges => Driver.ChangesOf(Fr);

        public void Dispose() { Ringer.Dispose(); Hook.Dispose(); Gpio.Dispose(); }
    }

    [Fact]
    public void Sixteen_hertz_is_32_toggles_per_second_while_RM_is_asserted()
    {
        using var rig = new Rig();
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
        rig.Ringer.SetRinging(true);
        Assert.True(rig.Ringer.IsRinging);
        Assert.Equal(PinValue.High, rig.Driver.GetOutput(Rm));
        long before = rig.FrChanges;
        // In quarter-millisecond steps: the fake clock fires a timer at the time it is advanced to.
        for (int step = 0; step < 4000; step++) { rig.Time.Advance(TimeSpan.FromTicks(2_500)); }
        Assert.Equal(32, rig.FrChanges - before);
        Assert.Equal(32, rig.Ringer.Toggles);
        // Every toggle 31.25 ms after the last.
        var frTimes = rig.Writes.FindAll(w => w.Pin == Fr).ConvertAll(w => w.At);
        for (int i = 1; i < frTimes.Count; i++) { Assert.Equal(TimeSpan.FromTicks(312_500), frTimes[i] - frTimes[i - 1]); }
        rig.Ringer.SetRinging(false);
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Fr)); // forward
        long after = rig.FrChanges;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(after, rig.FrChanges);                    // the timer stopped
    }

    [Theory]
    [InlineData(15, 30)]
    [InlineData(20, 40)]
    public void Other_frequencies_toggle_twice_per_cycle(int hz, int togglesPerSecond)
    {
        using var rig = new Rig(hz: hz);
        rig.Ringer.SetRinging(true);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(rig.Ringer.Toggles, togglesPerSecond - 1, togglesPerSecond); // 15 Hz: 33.33 ms rounds to ticks
    }

    [Fact]
    public void Active_low_outputs_are_asserted_low()
    {
        using var rig = new Rig(rmActiveLow: true, frActiveLow: true);
        Assert.Equal(PinValue.High, rig.Driver.GetOutput(Rm));  // deasserted
        Assert.Equal(PinValue.High, rig.Driver.GetOutput(Fr));  // forward
        rig.Ringer.SetRinging(true);
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
        rig.Time.Advance(TimeSpan.FromTicks(312_500));
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Fr));   // reverse = asserted = low
        rig.Ringer.SetRinging(false);
        Assert.Equal(PinValue.High, rig.Driver.GetOutput(Rm));
        Assert.Equal(PinValue.High, rig.Driver.GetOutput(Fr));
    }

    [Fact]
    public void Off_hook_while_ringing_trips_at_once_and_the_next_burst_does_not_ring_into_it()
    {
        using var rig = new Rig();
        rig.Ringer.SetRinging(true);
        rig.Time.Advance(TimeSpan.FromMilliseconds(500));
        rig.Driver.SetInput(Shk, PinValue.High);               // the phone is lifted mid-burst
        Assert.False(rig.Ringer.IsRinging);
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Fr));
        long toggles = rig.Ringer.Toggles;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(toggles, rig.Ringer.Toggles);
        rig.Ringer.SetRinging(true);                           // cadence's next burst: loop still closed
        Assert.False(rig.Ringer.IsRinging);
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
        Assert.Equal(2, rig.Ringer.Trips);
    }

    [Fact]
    public void Ring_cadence_drives_one_second_bursts_every_three_seconds()
    {
        using var rig = new Rig();
        var cadence = new RingCadence(rig.Ringer);
        long now = 0;
        cadence.Start(now);
        var rmOn = new List<long>();
        // Just under 9 s of 10 ms frames: three cadence periods (a fourth burst would start at 9 s).
        for (int frame = 0; frame < 899; frame++)
        {
            rig.Time.Advance(TimeSpan.FromMilliseconds(10));
            now += CodecFrame.Samples;
            cadence.Advance(now);
            if (rig.Ringer.IsRinging) { rmOn.Add(now); }
        }
        Assert.Equal(3, rig.Ringer.Bursts);
        Assert.Equal(3 * 100 - 1, rmOn.Count);             // 1 s on per period, seen at frame ends (the first frame end is 10 ms in)
        Assert.InRange(rig.Ringer.Toggles, 3 * 31, 3 * 32); // ~32 toggles per burst
        Assert.Equal(PinValue.Low, rig.Driver.GetOutput(Rm));
    }

    [Fact]
    public void Cadence_bursts_after_a_trip_stay_off_while_off_hook()
    {
        using var rig = new Rig();
        var cadence = new RingCadence(rig.Ringer);
        long now = 0;
        cadence.Start(now);
        for (int frame = 0; frame < 599; frame++) // up to 5.99 s: the second burst is due at 3 s
        {
            rig.Time.Advance(TimeSpan.FromMilliseconds(10));
            now += CodecFrame.Samples;
            if (frame == 50) { rig.Driver.SetInput(Shk, PinValue.High); } // answered 0.5 s into the first burst
            cadence.Advance(now);
        }
        Assert.Equal(1, rig.Ringer.Bursts);
        Assert.False(rig.Ringer.IsRinging);
        Assert.Equal(2, rig.Ringer.Trips); // the trip, and the second burst refused
    }
}
