using System;
using Fxs.Core.Gateway;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Cli.Call;

using Fxs.Hal.Sim;

namespace Fxs.Cli.Phone;

// The phone: turns key presses into hook and audio on the sim line, tells the transcript what it did
// (password keys as x, or with --reveal-digits as keyed), and hands the status area its state.
internal sealed class TerminalPhone
{
    /// <summary>Hook flash length, ms: within the port's flash window (a longer break is a hang-up).</summary>
    private const int FlashMs = 300;

    /// <summary>DTMF as a good phone sends it: tone and pause, ms; level, deci-dBm0; twist, deci-dB.</summary>
    private const int ToneMs = 80, PauseMs = 80, LevelDeciDbm0 = -100, TwistDeciDb = 20;

    private readonly SimGateway _sim;
    private readonly Transcript _log;
    private readonly PhoneMonitor _monitor;
    private readonly bool _reveal;
    private int _pps; // 0: DTMF; else dial pulses at 10 or 20 pulses per second

    public TerminalPhone(SimGateway sim, Transcript log, PhoneMonitor monitor, bool reveal)
    {
        _sim = sim;
        _log = log;
        _monitor = monitor;
        _reveal = reveal;
    }

    private long At => Math.Max(_sim.Phone.ScriptEndSample, _sim.Board.NowSamples);

    public void Press(char key)
    {
        SimPhone p = _sim.Phone;
        switch (key)
        {
            case 'o':
                if (p.IsOffHook) { return; }
                _log.Phone(At, "lifts the handset");
                p.OffHook();
                return;
            case 'h':
                if (!p.IsOffHook) { return; }
                _log.Phone(At, "hangs up");
                p.OnHook();
                return;
            case 'f':
                if (!p.IsOffHook) { return; }
                _log.Phone(At, "flashes the hook (" + FlashMs + " ms)");
                p.Flash(FlashMs);
                return;
            case 'p':
                _pps = _pps == 0 ? 10 : _pps == 10 ? 20 : 0;
                _log.Phone(At, "switches to " + (_pps == 0 ? "DTMF" : "dial pulses (" + _pps + " pps)"));
                return;
        }
        if (!p.IsOffHook)
        {
            _log.Phone(At, "presses " + key + " on hook: nothing happens");
            return;
        }
        string shown = _reveal ? key.ToString() : CallRunner.Shown(_sim.Port.Control, key.ToString(), false);
        if (_pps != 0)
        {
            if (key < '0' || key > '9')
            {
                _log.Phone(At, "presses " + key + ": a rotary dial has no such key");
                return;
            }
            _log.Phone(At, "dials " + shown);
            _monitor.Sent(key);
            p.DialPulses(key.ToString(), _pps);
        }
        else
        {
            _log.Phone(At, "keys " + shown);
            _monitor.Sent(key);
            p.DialDtmf(key.ToString(), toneMs: ToneMs, pauseMs: PauseMs, levelDeciDbm0: LevelDeciDbm0, twistDeciDb: TwistDeciDb);
        }
    }

    /// <summary>The status now.</summary>
    public PhoneStatus Status() => PhoneStatus.Of(_sim, _monitor, _pps);
}
