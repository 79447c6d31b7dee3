using System;
using System.Collections.Generic;
using Fxs.Core.Gateway;
using Fxs.Hal.Sim;

namespace Fxs.Host.Calls;

/// <summary>
/// Plays a call script (the `fxs call --script` language, <see cref="CallScript"/>) on a model
/// phone: each action runs the phone's board for as long as it lasts, so time moves through the
/// board's frames. `wait-guidance` needs the port, to know when its guidance has ended.
/// </summary>
public sealed class ScriptedPhone
{
    private readonly SimPhone _phone;
    private readonly Func<GatewayPort?> _port;

    public ScriptedPhone(SimPhone phone, Func<GatewayPort?> port)
    {
        _phone = phone;
        _port = port;
    }

    /// <summary>Called before each action, with it (a transcript logs what the phone is about to do).</summary>
    public Action<CallStep>? BeforeStep { get; set; }

    public void Run(IEnumerable<CallStep> steps)
    {
        foreach (CallStep s in steps) { Run(s); }
    }

    public void Run(CallStep s)
    {
        BeforeStep?.Invoke(s);
        switch (s.Kind)
        {
            case StepKind.OffHook:
                _phone.OffHook();
                break;
            case StepKind.OnHook:
                _phone.OnHook();
                _phone.Wait(1200);
                break;
            case StepKind.Wait:
                _phone.Wait(s.Ms);
                break;
            case StepKind.Flash:
                _phone.Flash(s.Ms);
                break;
            case StepKind.WaitGuidance:
                // Until the port stops playing (checked every frame), then half a second, as a person would.
                _phone.Wait(300);
                for (int t = 300; t < s.Ms && (_port()?.Control.Player.IsPlaying ?? false); t += 10) { _phone.Wait(10); }
                _phone.Wait(500);
                break;
            case StepKind.Dtmf:
                _phone.DialDtmf(s.Keys, s.ToneMs, s.PauseMs, s.LevelDeciDbm0, s.TwistDeciDb, s.LowOffsetCentiPercent, s.HighOffsetCentiPercent);
                break;
            case StepKind.Pulse:
                _phone.DialPulses(s.Keys, s.Pps);
                break;
        }
    }
}
