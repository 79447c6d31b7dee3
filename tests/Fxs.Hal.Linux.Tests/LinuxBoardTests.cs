using System;
using System.Collections.Generic;
using System.Device.Gpio;
using Fxs.Hal.Line;
using Fxs.Hal.Linux.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Fxs.Hal.Linux.Tests;

public class LinuxBoardTests
{
    private const int N = CodecFrame.Samples;

    private static LinuxBoardSettings Settings() => new()
    {
        GpioDriver = GpioDriverKinds.LibgpiodV2,
        ShkLine = 17, ShkActiveLow = false, ShkBias = PinMode.InputPullDown,
        RmLine = 27, RmActiveLow = false,
        FrLine = 22, FrActiveLow = true,
        PdLine = 23, PdActiveLow = true,
        Encoding = CodecEncoding.Linear16,
        PeriodFrames = 1, BufferPeriods = 2,
    };

    /// <summary>
    /// The board with its pump threads running, fed frame by frame from the test (the far side of
    /// the line): raise the frame's hook edges at their µs, supply its 80 samples, then run the
    /// daemon's service step on this thread.
    /// </summary>
    private sealed class Bench : IDisposable
    {
        public readonly FakeTimeProvider Time = new();
        public readonly SimulatedGpioDriver Gpio = new();
        public readonly SimulatedPcmDevice Capture = new(SimulatedPcmMode.Blocking);
        public readonly SimulatedPcmDevice Playback = new(SimulatedPcmMode.Blocking, playedCapacitySamples: 2 * N);
        public readonly LinuxBoard Board;
        public readonly List<short> PlayedOut = new();
        private readonly DateTimeOffset _start;
        private readonly short[] _take = new short[2 * N];
        public long Frames;

        public Bench(LinuxBoardSettings settings)
        {
            _start = Time.GetUtcNow();
            Board = new LinuxBoard(settings, Gpio, Capture, Playback, Time);
        }

        public void At(long micros)
        {
            DateTimeOffset t = _start + TimeSpan.FromTicks(micros * 10);
            if (t > Time.GetUtcNow()) { Time.SetUtcNow(t); }
        }

        /// <summary>Supplies the next frame of audio at its end time and waits for the board to admit it.</summary>
        public void Frame(short[] audio)
        {
            At((Frames + 1) * N * 125);
            Capture.SupplyCapture(audio);
            Assert.True(Board.WaitFrame(TimeSpan.FromSeconds(5)), "frame not admitted");
            Frames++;
        }

        public void DrainPlayed()
        {
            int n;
            while ((n = Playback.TakePlayed(_take)) > 0) { for (int i = 0; i < n; i++) { PlayedOut.Add(_take[i]); } }
        }

        /// <summary>Drains the device until the pump has written <paramref name="frames"/> queued frames.</summary>
        public void WaitPlayedFrames(long frames)
        {
            var deadline = DateTime.UtcNow.AddSeconds(5); // test timeout only; the board's time is the fake one
            while (Board.PlayedFrames < frames && DateTime.UtcNow < deadline) { DrainPlayed(); System.Threading.Thread.Sleep(1); }
            Assert.True(Board.PlayedFrames >= frames, "played frame not taken");
        }

        public void Dispose() => Board.Dispose();
    }

    private sealed class OrderLog : IHookEdgeListener
    {
        public readonly List<string> Lines = new();
        public void HookEdge(bool loopClosed, long atSample) => Lines.Add($"edge {(loopClosed ? "closed" : "open")} {atSample}");
    }

    [Fact]
    public void Edges_and_audio_in_come_out_as_edges_then_frames_in_order()
    {
        using var bench = new Bench(Settings());
        var order = new OrderLog();
        bench.Board.HookSwitch.SetEdgeListener(order);
        Assert.Equal(PinValue.Low, bench.Gpio.GetOutput(23));    // PD asserted (active low) before Start
        bench.Board.Start();
        Assert.Equal(PinValue.High, bench.Gpio.GetOutput(23));   // SLIC powered up
        Assert.Equal(PinMode.InputPullDown, bench.Gpio.ModeOf(17));

        var audio = new short[N];
        var heard = new CodecFrame();
        var play = new CodecFrame { Encoding = CodecEncoding.Linear16 };
        for (int k = 0; k < 6; k++)
        {
            if (k == 2) { bench.At(2 * N * 125 + 3000); bench.Gpio.SetInput(17, PinValue.High); } // 3 ms into frame 2: sample 184
            if (k == 4) { bench.At(4 * N * 125 + 9000); bench.Gpio.SetInput(17, PinValue.Low); }  // 9 ms into frame 4: sample 392
            for (int i = 0; i < N; i++) { audio[i] = (short)(1000 * k + i); }
            bench.Frame(audio);
            bench.Board.DeliverHookEdges();
            Assert.True(bench.Board.Codec.ReadHeard(heard));
            Assert.False(bench.Board.Codec.ReadHeard(new CodecFrame())); // only the admitted frame waits
            order.Lines.Add($"frame {heard.StartSample} {heard.Linear[0]} {heard.Linear[N - 1]}");
            Assert.Equal(heard.StartSample + N, bench.Board.Clock.NowSamples);
            Array.Fill(play.Linear, (short)(k + 1));
            Assert.True(bench.Board.Codec.WritePlayed(play));
            bench.WaitPlayedFrames(k + 1); // the line's pace: the device takes a frame per frame heard
        }
        Assert.Equal(new[]
        {
            "frame 0 0 79",
            "frame 80 1000 1079",
            "edge closed 184", "frame 160 2000 2079",
            "frame 240 3000 3079",
            "edge open 392", "frame 320 4000 4079",
            "frame 400 5000 5079",
        }, order.Lines);

        // Played frames reach the device in order, whole, with silence where none was queued.
        bench.DrainPlayed();
        var sequence = new List<int>();
        Assert.Equal(0, bench.PlayedOut.Count % N);
        for (int f = 0; f < bench.PlayedOut.Count / N; f++)
        {
            short v = bench.PlayedOut[f * N];
            for (int i = 0; i < N; i++) { Assert.Equal(v, bench.PlayedOut[f * N + i]); }
            if (v != 0) { sequence.Add(v); }
        }
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, sequence);
        Assert.Equal(2, bench.Board.HookEdgesReceived);
        Assert.Equal(0, bench.Board.CaptureOverruns);
    }

    [Fact]
    public void A_phone_already_off_hook_when_the_board_starts_is_an_off_hook_at_the_first_frame()
    {
        using var bench = new Bench(Settings());
        var order = new OrderLog();
        bench.Board.HookSwitch.SetEdgeListener(order);
        bench.Gpio.SetInput(17, PinValue.High); // lifted before Start: the edge belongs to no time line
        bench.Board.Start();

        bench.Frame(new short[N]);
        bench.Board.DeliverHookEdges();

        Assert.Equal(new[] { "edge closed 0" }, order.Lines);
    }

    [Fact]
    public void The_access_number_dialled_on_the_board_reaches_the_decoder()
    {
        using var bench = new Bench(Settings());
        var recorder = new HookRecorder(capacity: 64); // sized up front: its list must not grow inside the measured step
        var decoder = new HookSignalDecoder(HookSignalProfile.CreateDefault(), recorder);
        bench.Board.HookSwitch.SetEdgeListener(decoder);
        var cadence = new RingCadence(bench.Board.Ringer);
        bench.Board.Start();

        var edges = EdgeScript.Load("dial-0363044747-10pps.edges");
        var audio = new short[N];
        var heard = new CodecFrame();
        int next = 0;
        long endMicros = edges[^1].Micros + 2_000_000;
        long allocated = 0;
        int notAdmitted = 0;
        bool admitted = false;
        // The daemon's step, as the service thread takes it (wait included); made once, so that
        // the closure is not counted against the frames.
        Action step = () =>
        {
            admitted = bench.Board.WaitFrame(TimeSpan.FromSeconds(5));
            bench.Frames++;
            bench.Board.DeliverHookEdges();
            decoder.Advance(bench.Board.Clock.NowSamples);
            bench.Board.Codec.ReadHeard(heard);
            cadence.Advance(bench.Board.Clock.NowSamples);
        };
        while (bench.Frames * N * 125 < endMicros)
        {
            long frameEndMicros = (bench.Frames + 1) * N * 125;
            while (next < edges.Count && edges[next].Micros < frameEndMicros)
            {
                bench.At(edges[next].Micros);
                bench.Gpio.SetInput(17, edges[next].High ? PinValue.High : PinValue.Low);
                next++;
            }
            bench.At(frameEndMicros);
            bench.Capture.SupplyCapture(audio);
            // Measured past the first 100 frames (warm-up: JIT, first-use statics).
            if (bench.Frames >= 100) { allocated += Allocations.During(step); }
            else { step(); }
            if (!admitted) { notAdmitted++; }
            bench.DrainPlayed();
        }
        Assert.Equal(0, notAdmitted);
        Assert.Equal("off 0 3 6 3 0 4 4 7 4 7 on", recorder.Summary());
        Assert.Equal(0, allocated);
        Assert.Equal(0, bench.Board.HeardFramesDropped);
    }

    [Fact]
    public void Ringing_on_the_board_trips_when_the_phone_answers()
    {
        using var bench = new Bench(Settings());
        bench.Board.Start();
        bench.Board.Ringer.SetRinging(true);
        Assert.Equal(PinValue.High, bench.Gpio.GetOutput(27));
        bench.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(bench.Gpio.ChangesOf(22) >= 3);
        bench.Gpio.SetInput(17, PinValue.High);
        Assert.False(bench.Board.Ringer.IsRinging);
        Assert.Equal(PinValue.Low, bench.Gpio.GetOutput(27));
        Assert.Equal(PinValue.High, bench.Gpio.GetOutput(22)); // F/R forward = deasserted = high (active low)
        Assert.Equal(1, bench.Board.RingTrips);
    }

    [Fact]
    public void Stop_powers_the_slic_down_and_closes_the_devices()
    {
        var bench = new Bench(Settings());
        bench.Board.Start();
        Assert.True(bench.Capture.IsOpen);
        bench.Board.Stop();
        Assert.False(bench.Capture.IsOpen);
        Assert.False(bench.Playback.IsOpen);
        Assert.Equal(PinValue.Low, bench.Gpio.GetOutput(23));
        bench.Dispose();
        Assert.False(bench.Gpio.IsOpen(17));
    }

    [Theory]
    [InlineData("libgpiod-v3")]
    [InlineData("")]
    public void Unknown_driver_kinds_are_refused(string kind)
    {
        var settings = Settings();
        settings.GpioDriver = kind;
        Assert.Throws<ArgumentException>(() => settings.Validate());
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentException>(() => { var s = Settings(); s.PeriodFrames = 5; s.Validate(); });
        Assert.Throws<ArgumentException>(() => { var s = Settings(); s.RingFrequencyHz = 25; s.Validate(); });
        Assert.Throws<ArgumentException>(() => { var s = Settings(); s.RmLine = s.ShkLine; s.Validate(); });
        Assert.Throws<ArgumentException>(() => { var s = Settings(); s.ShkBias = PinMode.Output; s.Validate(); });
    }
}
