using System;
using System.Threading;
using Fxs.Core.Gateway;
using Fxs.Hal;
using Fxs.Hal.Linux;
using Fxs.Hal.Line;

namespace Fxs.Cli.Run.Hardware;

/// <summary>
/// A Linux board under the daemon: <see cref="LinuxBoard"/> (GPIO SLIC lines, ALSA codec) with
/// the service loop its documentation gives — wait for a heard frame, deliver the hook edges up
/// to its end, service the port, advance the ring cadence — on the daemon's line thread.
/// </summary>
internal class LinuxLineHardware : ILineHardware
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(100);

    private readonly RingCadence _cadence;

    public LinuxLineHardware(LinuxBoard board, string description, int echoDelayFrames)
    {
        Board = board;
        Description = description;
        EchoDelayFrames = echoDelayFrames;
        _cadence = new RingCadence(board.Ringer);
    }

    public LinuxBoard Board { get; }

    public string Description { get; }

    public ICodecPort Codec => Board.Codec;

    public IHookSwitch HookSwitch => Board.HookSwitch;

    public IRinger Ringer => Board.Ringer;

    public IMonotonicClock Clock => Board.Clock;

    public int EchoDelayFrames { get; }

    /// <summary>The port attached (null before <see cref="Attach"/>).</summary>
    protected GatewayPort? Port { get; private set; }

    public void Attach(GatewayPort port) => Port = port;

    public virtual void Run(bool untilScriptDone, CancellationToken stop)
    {
        GatewayPort port = Port ?? throw new InvalidOperationException("no port attached");
        Board.Start();
        try
        {
            Started();
            while (!stop.IsCancellationRequested && !(untilScriptDone && ScriptDone(port)))
            {
                if (!Board.WaitFrame(FrameWait)) { continue; }
                Board.DeliverHookEdges();
                port.Service();
                _cadence.Advance(Board.Clock.NowSamples);
            }
        }
        finally
        {
            Board.Stop();
        }
    }

    /// <summary>Called on the line thread once the board has started (its pump runs, its time line begins).</summary>
    protected virtual void Started() { }

    /// <summary>True once a model phone's script is over and the port is idle (only the simulated parts have a script).</summary>
    protected virtual bool ScriptDone(GatewayPort port) => false;

    public string Counters() =>
        "capture overruns " + Board.CaptureOverruns + ", playback underruns " + Board.PlaybackUnderruns
        + ", heard frames dropped " + Board.HeardFramesDropped + ", hook edges " + Board.HookEdgesReceived
        + " (" + Board.HookEdgesOverwritten + " lost), ring trips " + Board.RingTrips;

    public virtual void Dispose() => Board.Dispose();
}
