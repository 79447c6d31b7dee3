using System;
using System.Threading;
using Fxs.Core.Gateway;
using Fxs.Hal;
using Fxs.Hal.Linux.External;

namespace Fxs.Host.Hardware;

/// <summary>
/// An external board under the daemon: the vendor SLIC daemon's session (<see cref="ExternalSlic"/>)
/// as the HAL parts, and its loop — wait for the daemon's frame (its hook edges are delivered on the
/// way), service the port, which plays one frame back. The daemon's frames pace the line.
/// </summary>
internal sealed class ExternalLineHardware : ILineHardware
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(100);

    private readonly ExternalSlic _slic;
    private GatewayPort? _port;

    public ExternalLineHardware(ExternalSlic slic, string description, int echoDelayFrames)
    {
        _slic = slic;
        Description = description;
        EchoDelayFrames = echoDelayFrames;
    }

    public string Description { get; }

    public ICodecPort Codec => _slic;

    public IHookSwitch HookSwitch => _slic;

    public IRinger Ringer => _slic;

    public IMonotonicClock Clock => _slic;

    public int EchoDelayFrames { get; }

    public void Attach(GatewayPort port) => _port = port;

    public void Run(bool untilScriptDone, CancellationToken stop)
    {
        GatewayPort port = _port ?? throw new InvalidOperationException("no port attached");
        while (!stop.IsCancellationRequested)
        {
            if (!_slic.WaitFrame(FrameWait)) { continue; }
            port.Service();
        }
    }

    public string Counters() =>
        "frames " + _slic.Frames + ", hook edges " + _slic.HookEdges + ", daemon sessions lost " + _slic.Disconnects + ", re-established " + _slic.Reconnects;

    public void Dispose() => _slic.Dispose();
}
