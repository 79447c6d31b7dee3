using System;
using Fxs.Core.Dsp;

namespace Fxs.Core.Tests.Dtmf;

/// <summary>Streaming properties: chunking, allocation, state size.</summary>
public class DtmfReceiverStreamingTests
{
    private sealed class Counter : IDtmfListener
    {
        public int Digits;
        public long Checksum;
        public void DigitStarted(char digit, long onsetSample) { Checksum = Checksum * 31 + onsetSample; }
        public void DigitEnded(char digit, long onsetSample, long endSample) { Digits++; Checksum = Checksum * 31 + digit + endSample; }
    }

    private static short[] MixedMinute(int seed)
    {
        string digits = DtmfReceiverTests.RandomDigits(300, seed);
        var line = new LineSignal().Silence(100);
        foreach (char digit in digits) { line.Digit(digit, 60, -150, -120).Silence(140); }
        return line.Silence(100).AddNoise(-150, 12, seed).AddSine(400, -300).ToLine();
    }

    [Fact]
    public void Any_chunking_of_the_same_audio_gives_identical_events()
    {
        short[] line = MixedMinute(11);
        var whole = new Decoded();
        var reference = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), whole);
        reference.Process(line, 0, line.Length);
        reference.Flush();
        Assert.Equal(300, whole.Events.Count);

        var random = new Random(12);
        foreach (int maxChunk in new[] { 1, 7, 80, 160, 333, 4096 })
        {
            var chunked = new Decoded();
            var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), chunked);
            for (int at = 0; at < line.Length;)
            {
                int count = Math.Min(1 + random.Next(maxChunk), line.Length - at);
                receiver.Process(line, at, count);
                at += count;
            }
            receiver.Flush();
            Assert.Equal(whole.Events, chunked.Events);
        }
    }

    [Fact]
    public void Ten_minutes_of_mixed_audio_allocate_nothing()
    {
        short[] minute = MixedMinute(21);
        var counter = new Counter();
        var receiver = new DtmfReceiver(DtmfReceiverProfile.CreateDefault(), counter);
        // Warm up every path (digits, silence, flush) so that tiered JIT work is done before measuring.
        for (int at = 0; at < minute.Length; at += 80) { receiver.Process(minute, at, Math.Min(80, minute.Length - at)); }
        long allocated = Allocations.During(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                for (int at = 0; at < minute.Length; at += 80) { receiver.Process(minute, at, Math.Min(80, minute.Length - at)); }
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(counter.Digits >= 3289, $"decoded {counter.Digits} of 3300 digits");
    }

    [Fact]
    public void Per_line_state_fits_in_1_KiB()
    {
        var profile = DtmfReceiverProfile.CreateDefault();
        var listener = new Counter();
        _ = new DtmfReceiver(profile, listener); // shared tables are built once, by the first receiver
        DtmfReceiver receiver = null!;
        long allocated = Allocations.During(() => receiver = new DtmfReceiver(profile, listener));
        // The state itself (what a device must hold per line) fits in 1 KiB; what .NET allocates
        // on top is its object headers and the receiver's fields (fifteen 16-byte thresholds
        // derived from the profile, the digit's tracked levels, the echo guard, the start's
        // measures), which StateBytes must not hide.
        Assert.InRange(receiver.StateBytes, 1, 1024);
        Assert.InRange(allocated - receiver.StateBytes, 0, 664);
    }
}
