using System;
using Fxs.Core.Dsp;
using Fxs.Hal;
using Fxs.Hal.Linux;
using Fxs.Hal.Linux.External;
using Fxs.Hal.Sim;

namespace Fxs.Cli.SelfTest.Board;

/// <summary>
/// The parts the end-of-line test drives, whatever the board: its hook switch, and its codec a frame
/// at a time (wait for a heard frame, then queue one to play, as the daemon's port does).
/// </summary>
internal abstract class BoardUnderTest : IDisposable
{
    private readonly CodecFrame _frame = new();
    private long _playedRefused;

    public abstract CodecEncoding Encoding { get; }

    /// <summary>The hook switch read now (raw): true while loop current flows (the handset off hook).</summary>
    public abstract bool LoopClosed { get; }

    /// <summary>One line: what the GPIO lines are (or the sim's hook switch).</summary>
    public abstract string HookDescription { get; }

    /// <summary>One line: what the audio devices are.</summary>
    public abstract string AudioDescription { get; }

    /// <summary>The board's health counters, one line.</summary>
    public abstract string Counters();

    /// <summary>
    /// Slips since the audio opened: frames the path lost (an overrun, a heard frame dropped, a played
    /// frame refused) or put in (silence played for a frame queued late, an underrun). Each one moves what
    /// is heard against what was played by a frame or so, and with it the echo's delay.
    /// </summary>
    public long Slips => PathSlips + _playedRefused;

    /// <summary>The board's own share of <see cref="Slips"/>, from its counters.</summary>
    protected abstract long PathSlips { get; }

    /// <summary>Opens the audio, both directions (a <see cref="BoardPartException"/> when one will not open).</summary>
    public abstract void StartAudio();

    /// <summary>Waits for the next heard frame (false: none came within 1 s).</summary>
    protected abstract bool NextFrame();

    protected abstract ICodecPort Codec { get; }

    /// <summary>The next heard frame, as linear samples into <paramref name="heard"/>; false when none came.</summary>
    public bool Hear(short[] heard)
    {
        if (!NextFrame() || !Codec.ReadHeard(_frame)) { return false; }
        switch (_frame.Encoding)
        {
            case CodecEncoding.MuLaw: G711.DecodeMuLaw(_frame.Codes, 0, heard, 0, CodecFrame.Samples); break;
            case CodecEncoding.ALaw: G711.DecodeALaw(_frame.Codes, 0, heard, 0, CodecFrame.Samples); break;
            default: Array.Copy(_frame.Linear, heard, CodecFrame.Samples); break;
        }
        return true;
    }

    /// <summary>Queues one frame of linear samples to play, in the board's format; false when the codec's queue was full.</summary>
    public bool Play(short[] played)
    {
        _frame.Encoding = Encoding;
        switch (Encoding)
        {
            case CodecEncoding.MuLaw: G711.EncodeMuLaw(played, 0, _frame.Codes, 0, CodecFrame.Samples); break;
            case CodecEncoding.ALaw: G711.EncodeALaw(played, 0, _frame.Codes, 0, CodecFrame.Samples); break;
            default: Array.Copy(played, _frame.Linear, CodecFrame.Samples); break;
        }
        if (Codec.WritePlayed(_frame)) { return true; }
        _playedRefused++;
        return false;
    }

    public abstract void Dispose();
}

/// <summary>A Linux board: GPIO and ALSA (or simulated parts, with <paramref name="echo"/> the card and hybrid behind them).</summary>
internal sealed class LinuxBoardUnderTest(LinuxBoard board, string hook, string audio, SimulatedEchoPath? echo) : BoardUnderTest
{
    // A frame is due every 10 ms; a loaded machine (or a card's first periods) may hold one back a while: 1 s is "none came".
    private static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(1);
    private bool _started;

    public override CodecEncoding Encoding => board.Codec.Encoding;

    public override bool LoopClosed => board.HookSwitch.LoopClosed;

    /// <summary>The simulated card and hybrid behind the board (`--simulated-hardware`), or null on real parts.</summary>
    public SimulatedEchoPath? SimulatedPath => echo;

    public override string HookDescription => hook;

    public override string AudioDescription => audio;

    protected override ICodecPort Codec => board.Codec;

    public override void StartAudio()
    {
        board.Start();
        _started = true;
    }

    protected override bool NextFrame()
    {
        if (!board.WaitFrame(FrameWait)) { return false; }
        board.DeliverHookEdges();
        return true;
    }

    public override string Counters() => "capture overruns " + board.CaptureOverruns + ", playback underruns " + board.PlaybackUnderruns
        + ", heard frames dropped " + board.HeardFramesDropped;

    // Silence the pump played for want of a queued frame, and (simulated) the card's own underruns.
    protected override long PathSlips => board.CaptureOverruns + board.PlaybackUnderruns + board.HeardFramesDropped + board.SilentFrames
        + (echo?.Underruns ?? 0);

    public override void Dispose()
    {
        if (_started) { board.Stop(); }
        board.Dispose();
        echo?.Dispose();
    }
}

/// <summary>An external board: the vendor's SLIC daemon over its socket (boards/PORTING.md), its frames pacing the test.</summary>
internal sealed class ExternalBoardUnderTest(ExternalSlic slic, string description) : BoardUnderTest
{
    // The daemon's frames come every 10 ms; 1 s without one is "none came", as on a Linux board.
    private static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(1);

    public override CodecEncoding Encoding => slic.Encoding;

    public override bool LoopClosed => slic.LoopClosed;

    public override string HookDescription => "the hook switch of " + description;

    public override string AudioDescription => "the frames of " + description;

    protected override ICodecPort Codec => slic;

    public override void StartAudio() { }

    protected override bool NextFrame() => slic.WaitFrame(FrameWait);

    public override string Counters() => "frames " + slic.Frames + ", hook edges " + slic.HookEdges + ", disconnects " + slic.Disconnects;

    // The daemon's stream restarts after a reconnect; within a connection it paces the frames itself.
    protected override long PathSlips => slic.Disconnects;

    public override void Dispose() => slic.Dispose();
}

/// <summary>The sim board: its line stepped a frame at a time on this thread, its phone on hook.</summary>
internal sealed class SimBoardUnderTest(SimBoard board) : BoardUnderTest
{
    public override CodecEncoding Encoding => board.Codec.Encoding;

    public override bool LoopClosed => board.HookSwitch.LoopClosed;

    public override string HookDescription => "the sim line's hook switch";

    public override string AudioDescription => "the sim line's codec (" + board.Codec.Encoding + ", echo " + board.Echo.TapsQ15().Length + " taps)";

    protected override ICodecPort Codec => board.Codec;

    public override void StartAudio() { }

    protected override bool NextFrame()
    {
        board.Step();
        return true;
    }

    public override string Counters() => "heard overruns " + board.HeardOverruns + ", silent played frames " + board.SilentPlayedFrames;

    protected override long PathSlips => board.HeardOverruns + board.SilentPlayedFrames;

    public override void Dispose() { }
}
