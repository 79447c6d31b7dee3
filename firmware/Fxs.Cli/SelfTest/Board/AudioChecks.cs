using System;
using System.Globalization;
using Fxs.Core.Dsp;
using Fxs.Core.Dsp.Echo;
using Fxs.Core.Gateway;
using Fxs.Hal;
using Fxs.Hal.Sim;

namespace Fxs.Cli.SelfTest.Board;

// The board's audio path measured through its own codec, a frame at a time as the port runs it (read the
// heard frame, then queue one to play): the echo's bulk delay (the core's BulkDelayEstimator, fed exactly
// as the port's canceller is: the frame queued last against the frame heard) and its return loss from a
// noise probe; then the level a -10 dBm0 tone comes back at. Figures for people are in floating point
// here (the CLI); the measuring itself is the core's integer code.
internal static class AudioChecks
{
    private const int N = CodecFrame.Samples;

    /// <summary>Frames of silence the audio check runs (0.5 s): both directions flowing.</summary>
    private const int OpenFrames = 50;

    /// <summary>The probe: white noise at -15 dBm0 (guidance level), at most 4 s from its start (or the last slip) until the estimator locks.</summary>
    private const int ProbeDeciDbm0 = -150;
    private const int ProbeMaxFrames = 400;

    /// <summary>
    /// The probe's limit however often the audio path slips (15 s). A slip (an overrun, an underrun, a
    /// frame queued late) moves the echo by a frame, so the measurement starts again after it: a loaded
    /// machine then takes longer instead of failing a good board.
    /// </summary>
    private const int ProbeMaxTotalFrames = 1500;

    /// <summary>Frames of probe before its echo can be back (the estimator's 80 ms), not counted in the loss.</summary>
    private const int ProbeSettleFrames = 10;

    /// <summary>Frames after the lock over which the return loss is measured (1 s).</summary>
    private const int ReturnLossFrames = 100;

    /// <summary>An echo this far down (30 dB) is no echo to speak of: no delay is locked, and that passes.</summary>
    private const double NoEchoReturnLossDb = 30.0;

    /// <summary>The test tone: 1004 Hz (the telephone test tone, off the 8 kHz sampling's sub-multiples), -10 dBm0, 1 s; its level read over the last 0.5 s.</summary>
    public const int ToneHz = 1004;
    public const int ToneDeciDbm0 = -100;
    private const int ToneFrames = 100;
    private const int ToneSettleFrames = 50;

    /// <summary>A tone that comes back below -60 dBm0 did not come back: the capture hears nothing of the playback.</summary>
    private const double NothingBackDbm0 = -60.0;

    // Peak amplitude of a 0 dBm0 sine, 16-bit units (the core's table).
    private static readonly double ZeroDbm0Amplitude = ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0;

    public static SelfTestResult Open(BoardUnderTest board)
    {
        var heard = new short[N];
        var silence = new short[N];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int f = 0; f < OpenFrames; f++)
        {
            if (!board.Hear(heard))
            {
                return SelfTestResult.Fail("audio", "expected a heard frame every 10 ms from " + board.AudioDescription + ", found none after " + f + " frames");
            }
            board.Play(silence);
        }
        return SelfTestResult.Ok("audio", board.AudioDescription + ": " + OpenFrames + " frames each way in "
            + watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s; " + board.Counters());
    }

    /// <summary>
    /// The echo's bulk delay and return loss; <paramref name="boardEchoDelayFrames"/> is what the board file says,
    /// <paramref name="probeLimitFrames"/> the probe's limit however often the audio slips.
    /// </summary>
    public static SelfTestResult Echo(BoardUnderTest board, int boardEchoDelayFrames, int probeLimitFrames = ProbeMaxTotalFrames)
    {
        const string Name = "echo";
        var estimator = new BulkDelayEstimator(GatewayPort.MaxEchoWindowStartSamples + GatewayPort.EchoTaps);
        var noise = new WhiteNoise(4747, ProbeDeciDbm0);
        var sum = new int[N];
        var heard = new short[N];
        var queued = new short[N]; // the frame queued last: the port's canceller's far end
        int start = 0;             // the frame this measurement started at: 0, or the frame after the last slip
        int restarts = 0;
        long slips = board.Slips;
        int lockedAt = -1;
        // Per frame, not summed: a frame the card or the pump played as silence (a loaded machine's late
        // frame, an underrun) would pull a sum down; the median of the frames' losses passes over it.
        var lossDb = new double[ProbeMaxFrames];
        int losses = 0;
        int f;
        for (f = 0; f < probeLimitFrames; f++)
        {
            if (!board.Hear(heard)) { return SelfTestResult.Fail(Name, "expected a heard frame every 10 ms, found none for 1 s after " + f + " frames of the probe"); }
            long slipsNow = board.Slips;
            if (slipsNow != slips)
            {
                // The heard audio moved against the played: what the estimator learnt is of the old delay.
                slips = slipsNow;
                restarts++;
                estimator.Reset();
                start = f;
                lockedAt = -1;
                losses = 0;
            }
            for (int n = 0; n < N; n++) { estimator.Process(queued[n], heard[n], false); }
            if (lockedAt < 0 && estimator.Locked) { lockedAt = f; losses = 0; }
            double farEnergy = 0, nearEnergy = 0;
            for (int n = 0; n < N; n++)
            {
                farEnergy += (double)queued[n] * queued[n];
                nearEnergy += (double)heard[n] * heard[n];
            }
            if (f - start >= ProbeSettleFrames) { lossDb[losses++] = nearEnergy <= 0 ? double.PositiveInfinity : 10 * Math.Log10(farEnergy / nearEnergy); }
            if (lockedAt >= 0 ? f - lockedAt >= ReturnLossFrames : f - start + 1 >= ProbeMaxFrames) { break; }
            Array.Clear(sum);
            noise.Add(sum, N);
            for (int n = 0; n < N; n++) { queued[n] = (short)Math.Clamp(sum[n], short.MinValue, short.MaxValue); }
            board.Play(queued);
        }
        board.Play(new short[N]);
        string again = restarts == 0 ? "" : restarts == 1 ? " (measured again after the audio slipped once)"
            : " (measured again after the audio slipped " + restarts + " times)";
        if (lockedAt < 0 && f == probeLimitFrames)
        {
            // Slips came too often for 4 s of probe without one: no figure is the board's.
            return SelfTestResult.Fail(Name, "expected " + ProbeMaxFrames * 10 / 1000 + " s of probe without a slip of the audio within "
                + probeLimitFrames * 10 / 1000 + " s, found " + restarts + " slips (a frame lost or put in: " + board.Counters()
                + "; each moves the echo): the machine is too busy to measure, or the card's buffer is too small (\"periodFrames\" x \"bufferPeriods\" in the board file)");
        }
        double returnLossDb = Median(lossDb, losses);
        string loss = double.IsPositiveInfinity(returnLossDb) ? "no echo at all" : "return loss " + Db(returnLossDb) + " dB";
        if (lockedAt < 0)
        {
            if (returnLossDb >= NoEchoReturnLossDb)
            {
                return SelfTestResult.Ok(Name, "no echo of the probe found (" + loss + "): nothing to cancel; \"echoDelayFrames\" " + boardEchoDelayFrames + " can stay" + again);
            }
            return SelfTestResult.Fail(Name, "expected the probe's echo to lock within " + ProbeMaxFrames * 10 / 1000 + " s, found no stable delay (" + loss
                + "): an echo this loud with no single delay is a loop, or the capture is not the playback's line" + again);
        }
        int delay = estimator.DelaySamples;
        int frames = EchoDelayFrames(delay);
        string beyond = delay - DelayTrackingEchoCanceller.LeadSamples > (GatewayPort.MaxEchoDelayFrames - 1) * N + N / 2
            ? " (the most a board file takes; the canceller's estimator moves its window the rest of the way)" : "";
        string advice = frames == boardEchoDelayFrames
            ? "\"echoDelayFrames\": " + frames + " in the board file is right"
            : "write \"echoDelayFrames\": " + frames + " in the board file (it says " + boardEchoDelayFrames + ")" + beyond;
        return SelfTestResult.Ok(Name, "bulk delay " + Ms(delay) + " ms (" + delay + " samples after the frame queued last), " + loss
            + ", locked after " + Ms((lockedAt - start) * N) + " ms of probe" + again + "; " + advice);
    }

    /// <summary>
    /// The board file's hint for a bulk delay: the frame count that puts the canceller's window start,
    /// (frames - 1) x 10 ms, nearest to <see cref="DelayTrackingEchoCanceller.LeadSamples"/> before the echo, 1 to 4.
    /// </summary>
    public static int EchoDelayFrames(int delaySamples)
    {
        int start = delaySamples - DelayTrackingEchoCanceller.LeadSamples;
        int frames = (int)Math.Round(start / (double)N, MidpointRounding.AwayFromZero) + 1;
        return Math.Clamp(frames, 1, GatewayPort.MaxEchoDelayFrames);
    }

    public static SelfTestResult Level(BoardUnderTest board)
    {
        const string Name = "level";
        var tone = new ToneOscillator();
        tone.Set(ToneHz, 0, ToneDeciDbm0);
        var heard = new short[N];
        var played = new short[N];
        var levels = new double[ToneFrames]; // per frame, the median taken: as the echo's loss
        int counted = 0;
        for (int f = 0; f < ToneFrames; f++)
        {
            if (!board.Hear(heard)) { return SelfTestResult.Fail(Name, "expected a heard frame every 10 ms, found none after " + f + " frames of the tone"); }
            if (f >= ToneSettleFrames)
            {
                double energy = 0;
                for (int n = 0; n < N; n++) { energy += (double)heard[n] * heard[n]; }
                double rms = Math.Sqrt(energy / N);
                levels[counted++] = rms <= 0 ? double.NegativeInfinity : 20 * Math.Log10(rms * Math.Sqrt(2) / ZeroDbm0Amplitude);
            }
            for (int n = 0; n < N; n++) { played[n] = (short)tone.Next(); }
            board.Play(played);
        }
        board.Play(new short[N]);
        double back = Median(levels, counted);
        double played0 = ToneDeciDbm0 / 10.0;
        string found = "played " + ToneHz + " Hz at " + Db(played0) + " dBm0, " + (double.IsNegativeInfinity(back) ? "nothing" : Db(back) + " dBm0") + " came back";
        if (back < NothingBackDbm0)
        {
            return SelfTestResult.Fail(Name, "expected the tone back through the hybrid above " + Db(NothingBackDbm0) + " dBm0, found: " + found
                + " (capture and playback not on the same line? alsamixer's capture level?)");
        }
        if (back > played0 + 0.5)
        {
            return SelfTestResult.Fail(Name, "expected the tone back below the level played, found: " + found
                + " (gain in the loop: lower alsamixer's capture or playback level)");
        }
        return SelfTestResult.Ok(Name, found + " (" + Db(played0 - back) + " dB down)");
    }

    private static double Median(double[] values, int count)
    {
        if (count == 0) { return double.NaN; }
        var sorted = new double[count];
        Array.Copy(values, sorted, count);
        Array.Sort(sorted);
        return sorted[count / 2];
    }

    private static string Ms(int samples) => (samples / 8.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Db(double db) => db.ToString("F1", CultureInfo.InvariantCulture);
}
