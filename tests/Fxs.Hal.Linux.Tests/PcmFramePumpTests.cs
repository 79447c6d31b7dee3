using System;
using System.Collections.Generic;
using Fxs.Hal.Linux.Simulated;

namespace Fxs.Hal.Linux.Tests;

public class PcmFramePumpTests
{
    private const int N = CodecFrame.Samples;

    [Fact]
    public void Opens_both_devices_with_the_encoding_and_latency()
    {
        var rig = new PumpRig(CodecEncoding.ALaw, periodFrames: 2, bufferPeriods: 4);
        Assert.Equal(PcmDirection.Capture, rig.Capture.Direction);
        Assert.Equal(PcmDirection.Playback, rig.Playback.Direction);
        Assert.Equal(CodecEncoding.ALaw, rig.Capture.Encoding);
        Assert.Equal(80_000, rig.Capture.LatencyMicroseconds); // 2 × 10 ms × 4 periods
    }

    [Fact]
    public void Capture_gives_exact_10_ms_frames_in_order_with_the_samples_intact()
    {
        var rig = new PumpRig();
        const int frames = PcmFramePump.DefaultHeardDepth; // all fit in the heard ring
        rig.SupplyRamp(0, frames * N);
        for (int k = 0; k < frames; k++) { Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce()); }
        Assert.Equal(PumpResult.Idle, rig.Pump.PumpCaptureOnce()); // nothing more supplied
        for (int k = 0; k < frames; k++)
        {
            CodecFrame? frame = rig.NextHeard();
            Assert.NotNull(frame);
            Assert.Equal(CodecEncoding.Linear16, frame!.Encoding);
            Assert.Equal(k * N, frame.StartSample);
            for (int i = 0; i < N; i++) { Assert.Equal((short)(k * N + i), frame.Linear[i]); }
        }
        Assert.Null(rig.NextHeard());
        Assert.Equal(frames * N, rig.Pump.CapturedSamples);
        Assert.Equal(frames * N, rig.TimeBase.AnchorSample);
    }

    [Fact]
    public void Short_reads_are_joined_into_one_frame()
    {
        var rig = new PumpRig();
        rig.SupplyRamp(0, 30);
        Assert.Equal(PumpResult.Partial, rig.Pump.PumpCaptureOnce());
        Assert.Null(rig.NextHeard());
        rig.SupplyRamp(30, 50);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce());
        CodecFrame frame = rig.NextHeard()!;
        for (int i = 0; i < N; i++) { Assert.Equal((short)i, frame.Linear[i]); }
    }

    [Fact]
    public void G711_codes_pass_through_untouched()
    {
        var rig = new PumpRig(CodecEncoding.MuLaw);
        var codes = new byte[N];
        for (int i = 0; i < N; i++) { codes[i] = (byte)(i * 3); }
        rig.Capture.SupplyCapture(codes);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce());
        CodecFrame frame = rig.NextHeard()!;
        Assert.Equal(CodecEncoding.MuLaw, frame.Encoding);
        Assert.Equal(codes, frame.Codes);
    }

    [Fact]
    public void An_overrun_is_counted_recovered_and_line_time_stays_gap_free()
    {
        var rig = new PumpRig();
        rig.SupplyRamp(0, N + 40);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce());
        Assert.Equal(PumpResult.Partial, rig.Pump.PumpCaptureOnce()); // 40 samples of frame 2
        rig.SupplyRamp(N + 40, 200);
        rig.Capture.InjectCaptureOverrun(lostSamples: 120);           // ALSA lost 120 samples: N+40 .. N+159
        Assert.Equal(PumpResult.Recovered, rig.Pump.PumpCaptureOnce());
        Assert.Equal(1, rig.Pump.CaptureOverruns);
        Assert.Equal(1, rig.Capture.Recoveries);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce());
        CodecFrame first = rig.NextHeard()!;
        CodecFrame second = rig.NextHeard()!;
        Assert.Equal(0, first.StartSample);
        Assert.Equal(N, second.StartSample);                  // no jump in line time
        Assert.Equal((short)(N + 160), second.Linear[0]);     // the partial frame before the gap was dropped
        Assert.Equal((short)(N + 239), second.Linear[N - 1]);
    }

    [Fact]
    public void A_failed_recovery_falls_back_to_prepare_and_then_retries()
    {
        var rig = new PumpRig();
        rig.Capture.FailNextRecoveries(1);
        rig.Capture.InjectError(PcmErrors.Xrun);
        Assert.Equal(PumpResult.Recovered, rig.Pump.PumpCaptureOnce()); // recover failed, prepare worked
        Assert.Equal(1, rig.Pump.CaptureRecoveryFailures);
        Assert.Equal(1, rig.Capture.PrepareCalls);

        rig.Capture.FailNextRecoveries(1);
        rig.Capture.FailNextPrepares(1);
        rig.Capture.InjectError(PcmErrors.Xrun);
        Assert.Equal(PumpResult.Failed, rig.Pump.PumpCaptureOnce());    // both failed: still in xrun
        Assert.Equal(PumpResult.Recovered, rig.Pump.PumpCaptureOnce()); // the stuck xrun again, now recovered
        Assert.Equal(3, rig.Pump.CaptureOverruns);
        Assert.Equal(2, rig.Pump.CaptureRecoveryFailures);
        rig.SupplyRamp(0, N);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpCaptureOnce());
        Assert.Equal(0, rig.NextHeard()!.StartSample);
    }

    [Fact]
    public void Other_errors_go_through_prepare_and_are_logged_as_failures()
    {
        var rig = new PumpRig();
        rig.Capture.InjectError(PcmErrors.IoError);
        Assert.Equal(PumpResult.Recovered, rig.Pump.PumpCaptureOnce());
        Assert.Equal(0, rig.Pump.CaptureOverruns);
        Assert.Equal(1, rig.Pump.CaptureRecoveryFailures);
        Assert.Contains("capture recovery failures: 1 in the last second, 1 in all (last: Input/output error)", rig.Log.Lines);
    }

    [Fact]
    public void Played_frames_reach_the_device_in_order_then_silence()
    {
        var rig = new PumpRig(CodecEncoding.MuLaw);
        for (int k = 1; k <= 2; k++)
        {
            var frame = new CodecFrame { Encoding = CodecEncoding.MuLaw };
            Array.Fill(frame.Codes, (byte)k);
            Assert.True(rig.Port.WritePlayed(frame));
        }
        for (int k = 0; k < 3; k++) { Assert.Equal(PumpResult.Frame, rig.Pump.PumpPlaybackOnce()); }
        var played = new byte[3 * N];
        Assert.Equal(3 * N, rig.Playback.TakePlayed(played));
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(1, played[i]);
            Assert.Equal(2, played[N + i]);
            Assert.Equal(0xFF, played[2 * N + i]); // µ-law silence
        }
        Assert.Equal(2, rig.Pump.PlayedFrames);
        Assert.Equal(1, rig.Pump.SilentFrames);
    }

    [Fact]
    public void The_played_queue_refuses_when_full_and_checks_the_encoding()
    {
        var rig = new PumpRig(CodecEncoding.ALaw);
        var frame = new CodecFrame { Encoding = CodecEncoding.ALaw };
        for (int k = 0; k < PcmFramePump.DefaultPlayedDepth; k++) { Assert.True(rig.Port.WritePlayed(frame)); }
        Assert.False(rig.Port.WritePlayed(frame));
        Assert.Throws<ArgumentException>(() => rig.Port.WritePlayed(new CodecFrame { Encoding = CodecEncoding.MuLaw }));
    }

    [Fact]
    public void An_underrun_is_recovered_and_refilled_with_one_period_of_silence()
    {
        var rig = new PumpRig(CodecEncoding.Linear16, periodFrames: 2);
        var frame = new CodecFrame { Encoding = CodecEncoding.Linear16 };
        Array.Fill(frame.Linear, (short)1234);
        rig.Port.WritePlayed(frame);
        rig.Playback.InjectError(PcmErrors.Xrun);
        Assert.Equal(PumpResult.Recovered, rig.Pump.PumpPlaybackOnce());
        Assert.Equal(1, rig.Pump.PlaybackUnderruns);
        Assert.Equal(PumpResult.Frame, rig.Pump.PumpPlaybackOnce()); // the frame taken before the underrun
        var played = new short[4 * N];
        Assert.Equal(3 * N, rig.Playback.TakePlayed(played));
        for (int i = 0; i < 2 * N; i++) { Assert.Equal(0, played[i]); }   // one 20 ms period of silence
        for (int i = 2 * N; i < 3 * N; i++) { Assert.Equal(1234, played[i]); }
        Assert.Equal(1, rig.Pump.PlayedFrames);
    }

    [Fact]
    public void Xruns_are_logged_at_most_once_per_second_per_direction()
    {
        var rig = new PumpRig();
        rig.Capture.InjectError(PcmErrors.Xrun);
        rig.Pump.PumpCaptureOnce();                                    // t = 0: logged at once
        rig.Playback.InjectError(PcmErrors.Xrun);
        rig.Pump.PumpPlaybackOnce();                                   // the other direction has its own limit
        Assert.Equal(new[] { "capture overruns: 1 in the last second, 1 in all", "playback underruns: 1 in the last second, 1 in all" }, rig.Log.Lines);
        for (int k = 0; k < 3; k++)
        {
            rig.Time.Advance(TimeSpan.FromMilliseconds(200));
            rig.Capture.InjectError(PcmErrors.Xrun);
            rig.Pump.PumpCaptureOnce();
        }
        rig.Time.Advance(TimeSpan.FromMilliseconds(399));             // 999 ms since the first line
        rig.Pump.PumpCaptureOnce();
        Assert.Equal(2, rig.Log.Lines.Count);
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));               // 1 s: the gathered three go out
        rig.Pump.PumpCaptureOnce();
        Assert.Equal("capture overruns: 3 in the last second, 4 in all", rig.Log.Lines[2]);
        rig.Time.Advance(TimeSpan.FromSeconds(5));
        rig.Pump.PumpCaptureOnce();
        Assert.Equal(3, rig.Log.Lines.Count);                         // nothing new, nothing logged
        Assert.Equal(4, rig.Pump.CaptureOverruns);
    }

    [Fact]
    public void A_service_loop_a_whole_ring_behind_loses_the_oldest_frames()
    {
        var rig = new PumpRig();
        rig.SupplyRamp(0, (PcmFramePump.DefaultHeardDepth + 2) * N);
        for (int k = 0; k < PcmFramePump.DefaultHeardDepth + 2; k++) { rig.Pump.PumpCaptureOnce(); }
        Assert.Equal(2, rig.Pump.HeardFramesDropped);
        Assert.Equal(2 * N, rig.NextHeard()!.StartSample);
    }

    [Fact]
    public void The_per_frame_path_allocates_nothing()
    {
        var rig = new PumpRig(CodecEncoding.MuLaw);
        var line = new byte[N];
        var heard = new CodecFrame();
        var toPlay = new CodecFrame { Encoding = CodecEncoding.MuLaw };
        var played = new byte[N];
        int failures = 0; // counted, not asserted, inside the loop: xunit's Assert.Equal allocates
        void Frame()
        {
            rig.Capture.SupplyCapture(line);
            if (rig.Pump.PumpCaptureOnce() != PumpResult.Frame) { failures++; }
            if (!rig.Port.WaitHeard(TimeSpan.Zero) || !rig.Port.ReadHeard(heard)) { failures++; }
            if (!rig.Port.WritePlayed(toPlay)) { failures++; }
            if (rig.Pump.PumpPlaybackOnce() != PumpResult.Frame) { failures++; }
            if (rig.Playback.TakePlayed(played) != N) { failures++; }
        }
        for (int k = 0; k < 50; k++) { Frame(); } // warm up (JIT, tiering)
        long allocated = Allocations.During(() =>
        {
            for (int k = 0; k < 1000; k++) { Frame(); }
        });
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        Assert.Equal(1050 * N, rig.Pump.CapturedSamples);
    }
}
