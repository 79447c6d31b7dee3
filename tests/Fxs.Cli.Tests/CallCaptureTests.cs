using System;
using System.IO;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using Fxs.Cli.Run;
using Fxs.Core.Ivr;
using Fxs.Hal;
using Fxs.Hal.Sim;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fxs.Cli.Tests;

// `fxs run --record-dir` on the line's thread (issue #16 item 1): recording a call must not disturb the 10 ms loop.
public sealed class CallCaptureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RecordingACallAllocatesNothingPerFrameAndTheCallIsWrittenWhenItEnds()
    {
        var line = new LineConfiguration("0300001111", new[] { "0300002222" }, "0300001111", ServiceArea.East);
        var settings = new CaptureSettings(_dir.Path, 64_000_000, KeepSecrets: false);
        var capture = new CallCapture(new LogMonitor(NullLogger.Instance), settings, "sim", CodecEncoding.MuLaw, NullLogger.Instance);
        var sim = new SimGateway(line, monitor: capture);
        capture.Attach(sim.Port, sim.Board.HookSwitch, line, "sim line");

        sim.Phone.OffHook();
        sim.Phone.Wait(1000); // the capture has started, the dial tone plays (and the code has been run once)
        long allocated = Allocations.During(() => sim.Phone.Wait(5000)); // 500 frames of dial tone, recorded: no event, nothing allocated
        sim.Phone.OnHook();
        sim.Phone.Wait(1500);
        capture.Dispose();

        Assert.Equal(0, allocated);
        string call = Assert.Single(Directory.GetDirectories(_dir.Path));
        Assert.Equal("no-call", CaptureFolder.ReadInfo(call).Outcome);
        Assert.Contains("capture: same ", FxsCli.Ok("replay", call).Stdout);
    }
}
