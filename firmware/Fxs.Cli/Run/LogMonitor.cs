using System;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Host.Events;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

/// <summary>
/// The port's events (<see cref="IGatewayMonitor"/>) as the daemon's structured log, in the one event
/// vocabulary (<see cref="EventWords"/>: line ms, heard/decided, kebab-case names): the line's
/// hook and routing, the IVR's decisions, the outcome with the process's resident memory at that
/// moment (the footprint figure). Keys of the password step arrive as 'x' already. Frames are not
/// logged. Runs on the line thread; logging hands the message to the logger's own queue.
/// </summary>
internal sealed class LogMonitor(ILogger log) : GatewayMonitor
{
    public override void LineEvent(LineEvent kind, long now) => DaemonLog.Line(log, EventWords.Who(kind), EventWords.Name(kind), Ms(now));

    public override void KeyHeard(char key, DigitSource source, long now) => DaemonLog.Key(log, key, EventWords.Name(source), Ms(now));

    public override void NumberRouted(char[] digits, int length, NumberKind kind, long now) =>
        DaemonLog.Number(log, new string(digits, 0, length), EventWords.Name(kind), Ms(now));

    // The IVR's last decision is why its call ended (issue #12: not-stored against too-many-errors).
    private IvrDecision _last;

    public override void IvrDecision(IvrDecision kind, int step, int strikes, long now)
    {
        _last = kind;
        DaemonLog.Decision(log, EventWords.Name(kind), EventWords.Step(step), strikes, Ms(now));
    }

    public override void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) =>
        DaemonLog.PasswordSet(log, (int)unit, EventWords.Name(unit), targetNumber, durationMs, chargeUnits, Ms(now));

    public override void IvrEnded(IvrOutcome outcome, long now)
    {
        // Resident memory as the kernel counts it (under qemu-user: the emulator's too), and the managed
        // heap in use, which is the process's own on any host.
        DaemonLog.IvrEnded(log, EventWords.Name(outcome), EventWords.Name(_last), Ms(now), Environment.WorkingSet / 1024,
            GC.GetTotalMemory(forceFullCollection: false) / 1024);
        _last = Core.Ivr.IvrDecision.None;
    }

    private static long Ms(long sample) => EventWords.Ms(sample);
}
