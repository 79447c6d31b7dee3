using System.Collections.Generic;
using System.IO;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Host.Calls;
using Fxs.Host.Events;
using Fxs.Host.Sim;
using Fxs.Core.Gateway;

namespace Fxs.Cli.Call;

// Runs the phone's side of a call script on a sim port, logging each action in the transcript as
// `fxs demo` does (the gateway's side is logged by the transcript itself, as its monitor).
internal sealed class CallRunner
{
    private readonly SimGateway _sim;
    private readonly Transcript _log;
    private readonly ScriptedPhone _phone;

    public CallRunner(SimGateway sim, Transcript log)
    {
        _sim = sim;
        _log = log;
        _phone = new ScriptedPhone(sim.Phone, () => sim.Port) { BeforeStep = Log };
    }

    private SimPhone Phone => _sim.Phone;

    private long At => Phone.ScriptEndSample > _sim.Board.NowSamples ? Phone.ScriptEndSample : _sim.Board.NowSamples;

    public void Run(IEnumerable<CallStep> steps)
    {
        foreach (CallStep s in steps) { Run(s); }
    }

    public void Run(CallStep s) => _phone.Run(s);

    // What the transcript says the phone is about to do; ScriptedPhone then does it.
    private void Log(CallStep s)
    {
        switch (s.Kind)
        {
            case StepKind.OffHook: _log.Phone(At, "lifts the handset"); break;
            case StepKind.OnHook: _log.Phone(At, "hangs up"); break;
            case StepKind.Flash: _log.Phone(At, "flashes the hook (" + s.Ms + " ms break)"); break;
            case StepKind.Dtmf: _log.Phone(At, "keys " + Shown(s.Keys, s.Secret)); break;
            case StepKind.Pulse: _log.Phone(At, "dials " + Shown(s.Keys, s.Secret) + " (" + s.Pps + " pps)"); break;
        }
    }

    // What the phone's line shows of keys about to be sent: the password step's keys as x, and
    // whatever could run on into it (keys after a menu key, after the number's '#', after an
    // access number dialed in the same line).
    private string Shown(string keys, bool secret) => Shown(_sim.Port.Control, keys, secret);

    public static string Shown(CallControl control, string keys, bool secret)
    {
        if (secret) { return new string('x', keys.Length); }
        int clear;
        switch (control.State)
        {
            case CallState.Idle:
            case CallState.DialTone:
            case CallState.Dialing:
                clear = keys.Length;
                for (int n = 1; n <= keys.Length; n++)
                {
                    string dialed = keys[..n];
                    if (control.DialedLength == 0 && LineConfiguration.IsAccessNumber(dialed)) { clear = n + (keys.Length > n ? 1 : 0); break; }
                }
                break;
            case CallState.Ivr:
                switch (control.Ivr.State)
                {
                    case IvrState.Menu: clear = 1; break;
                    case IvrState.NumberEntry:
                        int hash = keys.IndexOf('#', System.StringComparison.Ordinal);
                        clear = hash < 0 ? keys.Length : hash + 1;
                        break;
                    default: clear = 0; break;
                }
                break;
            default:
                clear = 0;
                break;
        }
        if (clear > keys.Length) { clear = keys.Length; }
        return keys[..clear] + new string('x', keys.Length - clear);
    }

    public static bool IsFileProblem(System.Exception e) => e is IOException or System.UnauthorizedAccessException;
}
