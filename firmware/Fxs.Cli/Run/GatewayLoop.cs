using System;
using System.Threading;
using System.Threading.Tasks;
using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Fxs.Hal.Linux;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Fxs.Host.Hardware;

namespace Fxs.Cli.Run;

/// <summary>
/// The port's line loop as a hosted service: a dedicated thread (above normal priority, never the
/// thread pool: a 10 ms frame must not wait for a pool thread) that builds the
/// <see cref="GatewayPort"/> on the board's parts and runs it until the host stops. On stop, a call
/// in progress ends as if the phone hung up, which clears the IVR's secret buffers (the password
/// sink has already committed anything set, so the outbox holds every finished record and nothing
/// half-written).
/// </summary>
internal sealed class GatewayLoop(DaemonInputs inputs, DaemonParts parts, IHostApplicationLifetime lifetime, ILoggerFactory logs) : BackgroundService
{
    private readonly ILogger log = logs.CreateLogger("fxs");

    /// <summary>The exception that ended the loop, if any (the command turns it into exit code 1).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The port, once the line thread has built it (`fxs status` reads its state).</summary>
    public GatewayPort? Port { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                RunLine(stoppingToken);
            }
            catch (BoardPartException e)
            {
                // A part that will not open (the ALSA PCMs open here): the command prints it as one line, exit 7.
                Failure = e;
                lifetime.StopApplication();
            }
            catch (Exception e)
            {
                Failure = e;
                DaemonLog.LoopFailed(log, e);
                lifetime.StopApplication();
            }
            finished.SetResult();
        })
        {
            Name = "fxs-line",
            IsBackground = true,
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return finished.Task;
    }

    private void RunLine(CancellationToken stop)
    {
        ILineHardware hw = parts.Hardware;
        using CallCapture? capture = inputs.Capture == null ? null
            : new CallCapture(parts.Monitor, inputs.Capture, inputs.Board.Name, hw.Codec.Encoding, logs.CreateLogger("fxs.capture")) { LineMayWait = !inputs.RealTime };
        var port = new GatewayPort(hw.Codec, hw.HookSwitch, inputs.Line, inputs.Prompts, new NoVoiceStack(), parts.Sink,
            capture ?? (IGatewayMonitor)parts.Monitor, hw.EchoDelayFrames);
        capture?.Attach(port, hw.HookSwitch, inputs.Line, hw.Description);
        hw.Attach(port);
        Port = port;
        hw.Run(inputs.ExitAfterScript, stop);

        if (port.Control.State != CallState.Idle)
        {
            port.Control.OnHook(hw.Clock.NowSamples);
            DaemonLog.Stopping(log, port.Control.Ivr.BuffersCleared, hw.Counters());
        }
        if (port.PlayedOverruns > 0) { DaemonLog.PlayedOverruns(log, port.PlayedOverruns); }
        DaemonLog.Stopped(log, port.Frames, hw.Counters());
        if (!stop.IsCancellationRequested)
        {
            DaemonLog.ScriptDone(log);
            if (parts.Outbox is not null) { OutboxDrain.Wait(parts.Outbox, inputs.DrainTimeout, stop, log); }
            lifetime.StopApplication();
        }
    }
}
