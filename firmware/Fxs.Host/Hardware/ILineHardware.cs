using System;
using System.Threading;
using Fxs.Core.Gateway;
using Fxs.Hal;

namespace Fxs.Host.Hardware;

/// <summary>
/// What the daemon runs one port on: the board's HAL parts (codec, hook switch, ringer, clock)
/// and the loop that paces frames. A board kind gives one implementation: the `sim` line
/// (<see cref="SimLineHardware"/>), a Linux board's GPIO and ALSA (<see cref="LinuxLineHardware"/>),
/// or a Linux board's HAL on simulated parts with a model phone (<see cref="SimulatedLinuxHardware"/>,
/// for benches without hardware).
/// </summary>
public interface ILineHardware : IDisposable
{
    /// <summary>One line for the start-up log: the board and what its parts are.</summary>
    string Description { get; }

    ICodecPort Codec { get; }

    IHookSwitch HookSwitch { get; }

    IRinger Ringer { get; }

    IMonotonicClock Clock { get; }

    /// <summary>Frames from a played frame's queueing to its echo in a heard frame (the board's buffering).</summary>
    int EchoDelayFrames { get; }

    /// <summary>The port built on these parts (a scripted phone waits for its guidance to end).</summary>
    void Attach(GatewayPort port);

    /// <summary>
    /// Runs the line on the calling thread until <paramref name="stop"/> is cancelled, or, with
    /// <paramref name="untilScriptDone"/>, until the model phone's script is done and the port is
    /// idle again: services the attached port once per 10 ms frame, after the frame's hook edges
    /// have been delivered. Returns normally when stopped.
    /// </summary>
    void Run(bool untilScriptDone, CancellationToken stop);

    /// <summary>The board's health counters (xruns, edges), one line for the log; never secrets.</summary>
    string Counters();
}
