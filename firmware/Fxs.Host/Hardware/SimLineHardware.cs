using System;
using System.Collections.Generic;
using System.Threading;
using Fxs.Host.Calls;
using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Fxs.Hal;
using Fxs.Hal.Sim;
using Fxs.Core.Dsp;

namespace Fxs.Host.Hardware;

/// <summary>
/// The `sim` board under the daemon: the in-process line with its model phone, stepped one
/// 10 ms frame at a time on the daemon's thread, paced to the wall clock (a frame every 10 ms,
/// on an absolute schedule so sleeps don't drift) unless <c>realTime</c> is off. The phone
/// idles on hook, or plays the call script it was given. Stop requests are taken between
/// frames, even in the middle of a script action.
/// </summary>
public sealed class SimLineHardware : ILineHardware, ISimFrameClient
{
    private readonly SimBoard _board;
    private readonly IReadOnlyList<CallStep> _script;
    private readonly bool _realTime;
    private readonly TimeProvider _time;
    private GatewayPort? _port;
    private CancellationToken _stop;
    private long _startTimestamp;
    private long _frames;

    public SimLineHardware(SimBoardOptions options, IReadOnlyList<CallStep> script, bool realTime, TimeProvider time)
    {
        _board = new SimBoard(new DtmfGenerator(), options);
        _script = script;
        _realTime = realTime;
        _time = time;
        _board.SetFrameClient(this);
        Phone = new ScriptedPhone(_board.Phone, () => _port);
    }

    public string Description => "sim line (µ-law, model phone" + (_script.Count > 0 ? ", " + _script.Count + " scripted actions" : ", idle on hook")
        + (_realTime ? ", real time)" : ", as fast as it runs)");

    public ScriptedPhone Phone { get; }

    public ICodecPort Codec => _board.Codec;

    public IHookSwitch HookSwitch => _board.HookSwitch;

    public IRinger Ringer => _board.Ringer;

    public IMonotonicClock Clock => _board.Clock;

    public int EchoDelayFrames => 1; // the sim board plays the frame queued last

    public void Attach(GatewayPort port) => _port = port;

    public void Run(bool untilScriptDone, CancellationToken stop)
    {
        _stop = stop;
        _startTimestamp = _time.GetTimestamp();
        _frames = 0;
        try
        {
            Phone.Run(_script);
            while (!stop.IsCancellationRequested)
            {
                if (untilScriptDone && (_port == null || _port.Control.State == CallState.Idle)) { return; }
                _board.Step();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped between two frames, maybe inside a script action: nothing half done.
        }
    }

    public string Counters() => "frames " + _board.Frames + ", heard overruns " + _board.HeardOverruns + ", silent played frames " + _board.SilentPlayedFrames;

    /// <summary>After each frame of the board: service the port, then wait for the frame's slot in wall time.</summary>
    public void OnFrame(SimBoard board)
    {
        _stop.ThrowIfCancellationRequested();
        _port?.Service();
        _frames++;
        if (!_realTime) { return; }
        TimeSpan due = TimeSpan.FromMilliseconds(_frames * CodecFrame.DurationMs);
        TimeSpan elapsed = _time.GetElapsedTime(_startTimestamp);
        if (due > elapsed) { _stop.WaitHandle.WaitOne(due - elapsed); }
    }

    public void Dispose() => _board.SetFrameClient(null);
}
