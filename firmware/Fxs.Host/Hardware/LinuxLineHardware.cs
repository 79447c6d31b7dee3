using System;
using System.Threading;
using Fxs.Core.Gateway;
using Fxs.Hal;
using Fxs.Hal.Linux;

namespace Fxs.Host.Hardware;

/// <summary>
/// A Linux board under the daemon: <see cref="LinuxBoard"/> (GPIO SLIC lines, ALSA codec) with
/// the service loop its documentation gives — wait for a heard frame, deliver the hook edges up
/// to its end, service the port — on the daemon's line thread. The gateway never rings its phone
/// (the IVR answers calls the phone places), so no ring cadence runs here.
/// </summary>
public class LinuxLineHardware : ILineHardware
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(100);

    public LinuxLineHardware(LinuxBoard board, string description, int echoDelayFrames)
    {
        Board = board;
        Description = description;
        EchoDelayFrames = echoDelayFrames;
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
