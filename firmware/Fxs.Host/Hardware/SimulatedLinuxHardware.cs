using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using Fxs.Host.Calls;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Fxs.Hal;
using Fxs.Hal.Linux;
using Fxs.Hal.Linux.Simulated;
using Fxs.Hal.Sim;

namespace Fxs.Host.Hardware;

/// <summary>
/// A Linux board's whole HAL (<see cref="LinuxBoard"/>: hook switch on GPIO edges, ringer, frame
/// pump, codec port) on simulated parts, with the sim line's model phone at the far end: a bench
/// for a board file without its hardware (the footprint figures, the daemon's tests).
/// <para>
/// The far end runs on its own thread, a 10 ms frame at a time on the wall clock, as a sound card
/// would: each frame of the sim line (the phone's keys and voice, the hybrid's echo, noise) goes
/// into the simulated capture device, the frame the pump last played comes out of the playback
/// device into the line, and the phone's loop edges drive the SHK input of the simulated GPIO
/// driver, with the board's polarity. The line thread runs the ordinary Linux service loop.
/// </para>
/// </summary>
public sealed class SimulatedLinuxHardware : LinuxLineHardware, ISimFrameClient, IHookEdgeListener
{
    private const int N = CodecFrame.Samples;

    // How far the far end may run ahead of the frames the port has taken, samples. On a board one
    // codec clock drives both sides; here two threads do, and the phone acts on the port's state
    // (`wait-guidance`), so it must not get ahead of what the port has heard: 3 frames, the depth of
    // a card's capture buffer.
    private const long MaxLeadSamples = 3 * N;

    // The harness hybrid's return loss, tenths of a dB (the sim board's default is 6 dB).
    private const int HarnessEchoReturnLossDeciDb = 300;

    private readonly SimBoard _line;
    private readonly SimulatedBoardGpio _gpio;
    private readonly SimulatedPcmDevice _capture;
    private readonly SimulatedPcmDevice _playback;
    private readonly LinuxBoardSettings _settings;
    private readonly IReadOnlyList<CallStep> _script;
    private readonly ScriptedPhone _phone;
    private readonly CodecFrame _heard = new();
    private readonly CodecFrame _played = new();
    private readonly TimeProvider _time;
    private CancellationToken _stop;
    private volatile bool _scriptDone;
    private Exception? _farEndFailure;
    private long _startTimestamp;
    private long _frames;
    private long _supplied;
    private Thread? _farEnd;

    private SimulatedLinuxHardware(LinuxBoard board, string description, int echoDelayFrames, SimBoard line, SimulatedBoardGpio gpio,
        SimulatedPcmDevice capture, SimulatedPcmDevice playback, LinuxBoardSettings settings, IReadOnlyList<CallStep> script, TimeProvider time)
        : base(board, description, echoDelayFrames)
    {
        _line = line;
        _gpio = gpio;
        _capture = capture;
        _playback = playback;
        _settings = settings;
        _script = script;
        _time = time;
        _phone = new ScriptedPhone(line.Phone, () => Port);
        _line.SetFrameClient(this);
        _line.HookSwitch.SetEdgeListener(this);
        // The loop is open before the phone does anything: SHK shows on hook.
        _gpio.SetInput(_settings.ShkLine, Level(false));
    }

    public static SimulatedLinuxHardware Create(LinuxBoardSettings settings, string boardName, int echoDelayFrames,
        IReadOnlyList<CallStep> script, Microsoft.Extensions.Logging.ILogger? logger)
    {
        var gpio = new SimulatedBoardGpio(settings, TimeProvider.System);
        var capture = new SimulatedPcmDevice(SimulatedPcmMode.Blocking);
        // A card's playback buffer, as deep as the board's echo delay: the pump's writes block once it
        // is full, and the far end takes a frame out every 10 ms, as the card's clock would.
        var playback = new SimulatedPcmDevice(SimulatedPcmMode.Blocking, playedCapacitySamples: echoDelayFrames * N);
        var board = new LinuxBoard(settings, gpio.Driver, capture, playback, TimeProvider.System, logger);
        // The played path crosses two threads (the pump's, the far end's), so its echo reaches the heard side a
        // frame early or late from run to run, and a canceller told echoDelayFrames cannot follow it: the
        // hybrid's echo is kept 30 dB down here. This bench measures the board's HAL and the daemon; echo
        // cancelling is measured on the sim board, where the delay is exact (tests/Fxs.Gateway.Tests, `fxs bench line`).
        var line = new SimBoard(new DtmfGenerator(), new SimBoardOptions { Encoding = settings.Encoding, EchoReturnLossDeciDb = HarnessEchoReturnLossDeciDb });
        string description = boardName + "'s HAL on simulated GPIO and PCM parts, the sim line's model phone at the far end ("
            + script.Count + " scripted actions)";
        return new SimulatedLinuxHardware(board, description, echoDelayFrames, line, gpio, capture, playback, settings, script, TimeProvider.System);
    }

    public override void Run(bool untilScriptDone, CancellationToken stop)
    {
        // The far end stops with the line: on the daemon's stop, or when the line loop ends after the script.
        using var farEndStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _stop = farEndStop.Token;
        _farEnd = new Thread(FarEnd) { Name = "fxs-sim-far-end", IsBackground = true };
        try
        {
            base.Run(untilScriptDone, stop);
        }
        finally
        {
            farEndStop.Cancel();
            if (_farEnd.IsAlive) { _farEnd.Join(); }
        }
        if (_farEndFailure != null) { throw new InvalidOperationException("the simulated far end failed", _farEndFailure); }
    }

    // The phone acts only once the board runs, as a phone on a real line can only be heard then.
    protected override void Started() => _farEnd!.Start();

    protected override bool ScriptDone(GatewayPort port) => _scriptDone && port.Control.State == CallState.Idle;

    // The far end's thread: the phone's script, then an idle line, a frame every 10 ms, until stopped.
    private void FarEnd()
    {
        _startTimestamp = _time.GetTimestamp();
        try
        {
            _phone.Run(_script);
            _scriptDone = true;
            while (!_stop.IsCancellationRequested) { _line.Step(); }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _farEndFailure = e;
        }
        _scriptDone = true;
    }

    /// <summary>After each frame of the sim line: its heard frame into the capture device, the last played frame back into the line, then wait for the frame's slot.</summary>
    public void OnFrame(SimBoard board)
    {
        _stop.ThrowIfCancellationRequested();
        if (_line.Codec.ReadHeard(_heard))
        {
            if (_heard.Encoding == CodecEncoding.Linear16) { _capture.SupplyCapture(_heard.Linear); }
            else { _capture.SupplyCapture(_heard.Codes); }
            _supplied += N;
        }
        WaitForThePort();
        _played.Encoding = _settings.Encoding;
        int got = _settings.Encoding == CodecEncoding.Linear16 ? _playback.TakePlayed(_played.Linear) : _playback.TakePlayed(_played.Codes);
        if (got == N) { _line.Codec.WritePlayed(_played); }

        _frames++;
        TimeSpan due = TimeSpan.FromMilliseconds(_frames * CodecFrame.DurationMs);
        TimeSpan elapsed = _time.GetElapsedTime(_startTimestamp);
        if (due > elapsed) { _stop.WaitHandle.WaitOne(due - elapsed); }
    }

    // Until the port has taken all but MaxLeadSamples of what was supplied (its clock is the end of the
    // last frame it took), however long that is: on a loaded machine the whole bench slows down rather
    // than the phone acting on a port that has not heard it yet. The daemon's stop ends the wait.
    private void WaitForThePort()
    {
        while (_supplied - Clock.NowSamples > MaxLeadSamples && !_stop.IsCancellationRequested)
        {
            _stop.WaitHandle.WaitOne(1);
        }
    }

    /// <summary>The phone's loop edges, as the SLIC's SHK output shows them.</summary>
    public void HookEdge(bool loopClosed, long atSample) => _gpio.SetInput(_settings.ShkLine, Level(loopClosed));

    private PinValue Level(bool loopClosed) => loopClosed != _settings.ShkActiveLow ? PinValue.High : PinValue.Low;
}
