using System;
using System.Collections.Generic;
using Fxs.Hal;
using Fxs.Hal.Sim;

namespace Fxs.FakeSlicDaemon;

/// <summary>
/// The "hardware" behind the fake daemon: the sim line (model phone, hybrid echo, noise) at 16-bit
/// linear. Every 10 ms frame of it goes to fxs (its hook edges first, as HOOK, then the heard frame
/// as AUDIO), and the frame fxs plays back is what the line plays next: the daemon runs in lock step
/// with fxs, as fast as fxs answers.
/// </summary>
internal sealed class VendorLine : ISimFrameClient, IHookEdgeListener
{
    // A played frame whose mean absolute sample is above this is guidance (or a tone), not silence:
    // about -45 dBm0, well above the gateway's comfort silence.
    private const int LoudMeanAbs = 60;

    // Guidance has ended when nothing loud was played for this long: 400 ms, more than any pause inside a prompt.
    private const int QuietSamples = 400 * 8;

    private readonly WireSession _wire;
    private readonly SimBoard _board;
    private readonly Queue<(bool Closed, long At)> _edges = new();
    private readonly CodecFrame _heard = new() { Encoding = CodecEncoding.Linear16 };
    private readonly CodecFrame _played = new() { Encoding = CodecEncoding.Linear16 };
    private long _lastLoudSample = long.MinValue / 2;
    private int _loudFrames;
    private int _frames;
    private int _guidances;

    public VendorLine(WireSession wire)
    {
        _wire = wire;
        _board = new SimBoard(new Fxs.Core.Dsp.DtmfGenerator(), new SimBoardOptions { Encoding = CodecEncoding.Linear16, Seed = 7 });
        _board.HookSwitch.SetEdgeListener(this);
        _board.SetFrameClient(this);
    }

    public void RunCall()
    {
        _wire.Handshake();
        SimPhone phone = _board.Phone;
        phone.OffHook();
        phone.Wait(800);
        phone.DialDtmf("0363044747");
        WaitGuidance();
        phone.DialDtmf("1");
        WaitGuidance();
        phone.DialDtmf("27182818");
        WaitGuidance();
        phone.DialDtmf("27182818", toneMs: 60, pauseMs: 60, levelDeciDbm0: -125, twistDeciDb: 30);
        WaitGuidance();
        phone.OnHook();
        phone.Wait(1200);
    }

    /// <summary>
    /// The phone stays on hook while the line runs (its hybrid echoes what fxs plays, as a line with nobody on it
    /// would) until fxs closes the connection: what `fxs selftest --board` meets at the end of the production line.
    /// </summary>
    public void RunIdle()
    {
        _wire.Handshake();
        try
        {
            while (true) { _board.Phone.Wait(10); }
        }
        catch (ConnectionClosed)
        {
        }
        catch (System.Net.Sockets.SocketException)
        {
            // fxs went away while a frame was being sent to it
        }
    }

    public string Summary() =>
        "frames " + _frames + ", loud frames played " + _loudFrames + ", guidance waits " + _guidances
        + ", ring commands " + _wire.RingCommands + ", hook edges sent " + _edgesSent;

    private int _edgesSent;

    public void HookEdge(bool loopClosed, long atSample) => _edges.Enqueue((loopClosed, atSample));

    public void OnFrame(SimBoard board)
    {
        while (_edges.Count > 0)
        {
            (bool closed, long at) = _edges.Dequeue();
            _wire.SendHook(closed, at);
            _edgesSent++;
        }
        board.Codec.ReadHeard(_heard);
        _wire.SendAudio(_heard.Linear);
        _wire.ReceiveAudio(_played.Linear);
        _played.Encoding = CodecEncoding.Linear16;
        board.Codec.WritePlayed(_played);
        _frames++;
        long sum = 0;
        foreach (short s in _played.Linear) { sum += Math.Abs((int)s); }
        if (sum / CodecFrame.Samples > LoudMeanAbs)
        {
            _loudFrames++;
            _lastLoudSample = board.NowSamples;
        }
    }

    // As `fxs call`'s wait-guidance, but by ear: wait until the gateway has played nothing loud for 400 ms (at most 30 s), then half a second more.
    private void WaitGuidance()
    {
        _guidances++;
        _board.Phone.Wait(300);
        for (int t = 300; t < 30_000 && _board.NowSamples - _lastLoudSample < QuietSamples; t += 10) { _board.Phone.Wait(10); }
        _board.Phone.Wait(500);
    }
}
