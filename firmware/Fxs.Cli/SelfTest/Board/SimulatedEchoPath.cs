using System;
using System.Threading;
using Fxs.Core.Dsp;
using Fxs.Hal;
using Fxs.Hal.Linux.Simulated;

namespace Fxs.Cli.SelfTest.Board;

/// <summary>
/// A sound card and a 2-wire hybrid for a Linux board's HAL on simulated parts (`fxs selftest --board
/// … --simulated-hardware`): two <see cref="SimulatedPcmDevice"/>s and the card's clock, a thread that
/// every 10 ms takes the frame the pump played, and puts into the capture device that audio
/// <see cref="DelaySamples"/> later and <see cref="ReturnLossDeciDb"/> down (the hybrid's echo: a pure
/// delay and a flat loss, so the end-of-line test's figures can be checked against it exactly).
/// </summary>
internal sealed class SimulatedEchoPath : IDisposable
{
    private const int N = CodecFrame.Samples;

    /// <summary>The path's delay by default: 9 ms (72 samples), within a real hybrid's and codec's few ms to a USB adapter's tens.</summary>
    public const int DefaultDelaySamples = 72;

    /// <summary>The path's loss by default: 12 dB, a typical hybrid's return loss.</summary>
    public const int DefaultReturnLossDeciDb = 120;

    private static readonly TimeSpan LateWriterWait = TimeSpan.FromMilliseconds(30);

    private readonly CodecEncoding _encoding;
    private readonly short[] _line; // delay line: played audio, DelaySamples + a frame
    private readonly int _gainQ16;
    private readonly short[] _played = new short[N];
    private readonly byte[] _codes = new byte[N];
    private readonly short[] _heard = new short[N];
    private readonly Thread _clock;
    private readonly CancellationTokenSource _stop = new();
    private long _frames;
    private long _underruns;
    private int _underrunsToInject;

    public SimulatedEchoPath(CodecEncoding encoding, int periodFrames, int bufferPeriods, int delaySamples = DefaultDelaySamples,
        int returnLossDeciDb = DefaultReturnLossDeciDb)
    {
        _encoding = encoding;
        DelaySamples = delaySamples;
        ReturnLossDeciDb = returnLossDeciDb;
        _line = new short[delaySamples + N];
        // 10^(−loss/20) in Q16, from the core's dB table (the amplitude ratio of two sines).
        _gainQ16 = (int)(((long)ToneLevel.AmplitudeQ16(-returnLossDeciDb) << 16) / ToneLevel.AmplitudeQ16(0));
        Capture = new SimulatedPcmDevice(SimulatedPcmMode.Blocking);
        // The card's playback buffer, as the board file sizes it: the pump's writes block once it is full.
        Playback = new SimulatedPcmDevice(SimulatedPcmMode.Blocking, playedCapacitySamples: periodFrames * bufferPeriods * N);
        _clock = new Thread(Run) { Name = "fxs-sim-card", IsBackground = true };
        _clock.Start();
    }

    public SimulatedPcmDevice Capture { get; }

    public SimulatedPcmDevice Playback { get; }

    public int DelaySamples { get; }

    public int ReturnLossDeciDb { get; }

    /// <summary>Ticks of the card's clock with no whole played frame waiting (silence went out).</summary>
    public long Underruns => Interlocked.Read(ref _underruns);

    /// <summary>Ticks of the card's clock so far (frames heard).</summary>
    public long Ticks => Interlocked.Read(ref _frames);

    /// <summary>
    /// The next tick plays silence and leaves the waiting frame for the one after, as when the pump's
    /// thread is late past the card's patience: the played audio slips a frame later against the heard,
    /// and stays later while the pump's queue has room (nothing in the path takes the frame back).
    /// </summary>
    public void InjectUnderrun() => Interlocked.Increment(ref _underrunsToInject);

    // The card's clock: a frame every 10 ms on an absolute schedule.
    private void Run()
    {
        long start = Environment.TickCount64;
        while (!_stop.IsCancellationRequested)
        {
            // A whole frame or, as a card that underruns, silence (a part frame waits for the next tick). The
            // wait first: on a loaded machine the pump's thread may be a little late, which a card's hardware
            // buffer would have covered; the whole bench then slows rather than the path losing frames.
            bool late = Volatile.Read(ref _underrunsToInject) > 0; // this thread alone takes them
            if (late) { Interlocked.Decrement(ref _underrunsToInject); }
            int got = late || !Playback.WaitPlayed(N, LateWriterWait) ? 0
                : _encoding == CodecEncoding.Linear16 ? Playback.TakePlayed(_played) : Playback.TakePlayed(_codes);
            if (got < N)
            {
                Array.Clear(_played);
                Interlocked.Increment(ref _underruns);
            }
            else if (_encoding == CodecEncoding.MuLaw) { G711.DecodeMuLaw(_codes, 0, _played, 0, N); }
            else if (_encoding == CodecEncoding.ALaw) { G711.DecodeALaw(_codes, 0, _played, 0, N); }
            // The delay line: the oldest DelaySamples, then this frame; the frame heard is its first N.
            Array.Copy(_played, 0, _line, DelaySamples, N);
            for (int n = 0; n < N; n++) { _heard[n] = (short)((_line[n] * _gainQ16) >> 16); }
            Array.Copy(_line, N, _line, 0, DelaySamples);
            if (_encoding == CodecEncoding.Linear16) { Capture.SupplyCapture(_heard); }
            else
            {
                if (_encoding == CodecEncoding.MuLaw) { G711.EncodeMuLaw(_heard, 0, _codes, 0, N); }
                else { G711.EncodeALaw(_heard, 0, _codes, 0, N); }
                Capture.SupplyCapture(_codes);
            }
            long frames = Interlocked.Increment(ref _frames);
            long due = start + frames * CodecFrame.DurationMs;
            long wait = due - Environment.TickCount64;
            if (wait > 0) { _stop.Token.WaitHandle.WaitOne((int)wait); }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _clock.Join();
        _stop.Dispose();
    }
}
