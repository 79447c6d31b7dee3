using System;
using System.Collections.Generic;
using Fxs.Hal;
using Fxs.Hal.Line;

namespace Fxs.Hal.Tests;

public class RingCadenceTests
{
    private sealed class Ringer : IRinger
    {
        public readonly List<(bool On, long At)> Switches = new();
        public long Now;
        public bool IsRinging { get; set; }

        public void SetRinging(bool on)
        {
            IsRinging = on;
            Switches.Add((on, Now));
        }
    }

    [Fact]
    public void OneSecondOnTwoSecondsOffFromStart()
    {
        var ringer = new Ringer();
        var cadence = new RingCadence(ringer);
        cadence.Start(1000);
        for (long t = 1080; t <= 1000 + 3 * 24000; t += 80) { ringer.Now = t; cadence.Advance(t); }
        Assert.Equal(new[] { (true, 0L), (false, 9000L), (true, 25000L), (false, 33000L), (true, 49000L), (false, 57000L), (true, 73000L) },
            ringer.Switches.ConvertAll(s => (s.On, s.At)).ToArray());
        Assert.Equal(4, cadence.RingsAt(73000));
    }

    [Fact]
    public void ATrippedBurstStaysOffUntilTheNextBurst()
    {
        var ringer = new Ringer();
        var cadence = new RingCadence(ringer);
        cadence.Start(0);
        cadence.Advance(800);
        ringer.IsRinging = false; // the board tripped the ringer: the phone went off hook
        cadence.Advance(1600);
        cadence.Advance(7920);
        Assert.False(ringer.IsRinging);
        cadence.Stop();
        cadence.Advance(24000);
        Assert.False(ringer.IsRinging);
        Assert.False(cadence.IsRunning);
    }
}
