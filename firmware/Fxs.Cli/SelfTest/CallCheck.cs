using System;
using System.Globalization;
using System.IO;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;

namespace Fxs.Cli.SelfTest;

// The call path: one temporary-password call on the sim board, driven as a caller does it, through
// audio and the hook only (the sim phone keys DTMF into the line; the port hears it through the
// hybrid echo, noise, G.711, the echo canceller and the receiver): off hook, the east access number,
// unit 1 (the line), an 8-digit password twice, the completion guidance, on hook. Passes when the
// IVR's outcome is `set`, the sink holds that one record (unit, number, access number, the very
// digits keyed — compared, never printed) and the port is idle again.
internal static class CallCheck
{
    private const string Name = "call";
    private const string Contract = "0300001111";
    private static readonly string[] Additional = { "0300002222", "0300003333" };

    // Not a secret: the sim's own test password. Still never printed, as on a real line.
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("27182818");

    public static SelfTestResult Run(string promptDirectory)
    {
        PromptDirectory prompts;
        try
        {
            prompts = new PromptDirectory(promptDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PromptAudioException)
        {
            return SelfTestResult.Fail(Name, "expected the guidance audio in " + promptDirectory + ", found: " + e.Message);
        }

        var line = new LineConfiguration(Contract, Additional, Contract, ServiceArea.East);
        var monitor = new OutcomeMonitor();
        var sim = new SimGateway(line, new SimBoardOptions { Seed = 1 }, prompts, monitor);
        SimPhone phone = sim.Phone;
        CallControl control = sim.Port.Control;

        SetLinePassword(phone, control, LineConfiguration.EastAccessNumber, Ascii(Password));

        var pw = new byte[TemporaryPasswordIvr.PasswordDigits];
        int length = sim.Sink.CopyPasswordForTest(pw);
        bool digitsMatch = length == Password.Length && pw.AsSpan(0, length).SequenceEqual(Password);
        Array.Clear(pw);
        sim.Sink.Clear();

        string found = "outcome " + Outcome(monitor.Outcome) + ", " + sim.Sink.Count + " record(s) in the sink"
            + (sim.Sink.Count > 0 ? " (unit " + EventWords.Name(sim.Sink.Unit) + ", number " + sim.Sink.TargetNumber + ", access " + sim.Sink.AccessNumberDialed
                + ", digits " + (digitsMatch ? "as keyed" : "NOT as keyed") + ")" : "")
            + ", completion guidance " + (monitor.CompletionPlayed ? "played" : "not played")
            + ", port " + EventWords.Name(control.State);
        bool passed = monitor.Outcome == IvrOutcome.Set && monitor.PasswordsSet == 1 && sim.Sink.Count == 1
            && sim.Sink.Unit == PasswordUnit.Line && sim.Sink.TargetNumber == Contract
            && sim.Sink.AccessNumberDialed == LineConfiguration.EastAccessNumber && digitsMatch
            && monitor.CompletionPlayed && control.State == CallState.Idle;
        if (!passed)
        {
            return SelfTestResult.Fail(Name, "expected outcome set, 1 record in the sink (unit line, number " + Contract + ", access "
                + LineConfiguration.EastAccessNumber + ", digits as keyed), completion guidance played, port idle; found " + found);
        }
        return SelfTestResult.Ok(Name, "temporary password set on the sim board through audio: " + found
            + "; " + EventWords.Ms(sim.Board.NowSamples) + " ms of line time");
    }

    /// <summary>
    /// The caller's side of one call that sets unit 1's (the line's) temporary password to <paramref name="digits"/>:
    /// off hook, the access number, 1, the password twice, each after the guidance before it, on hook.
    /// </summary>
    internal static void SetLinePassword(SimPhone phone, CallControl control, string accessNumber, string digits)
    {
        phone.OffHook();
        phone.Wait(300);
        Keys(phone, accessNumber);
        WaitFor(phone, () => control.Player.IsPlaying, 2000);
        HearToTheEnd(phone, control);          // the unit menu (TP-7)
        Keys(phone, "1");
        HearToTheEnd(phone, control);          // the contract number read back, "enter the password"
        Keys(phone, digits);
        HearToTheEnd(phone, control);          // "once more"
        Keys(phone, digits);
        HearToTheEnd(phone, control);          // the completion (TP-12), then the busy tone
        phone.OnHook();
        phone.Wait(1500);
    }

    private static string Ascii(byte[] digits) => Encoding.ASCII.GetString(digits);

    private static string Outcome(IvrOutcome outcome) => outcome == IvrOutcome.None ? "none (the IVR never ended)" : EventWords.Name(outcome);

    // As a person keys: 80 ms tones 150 ms apart, -10 dBm0, high group 2 dB up.
    private static void Keys(SimPhone phone, string keys) => phone.DialDtmf(keys, 80, 150, -100, 20);

    private static void WaitFor(SimPhone phone, Func<bool> condition, int maxMs)
    {
        for (int t = 0; t < maxMs && !condition(); t += 10) { phone.Wait(10); }
    }

    // Until the guidance playing ends (at most a minute), then a breath, as a caller waits.
    private static void HearToTheEnd(SimPhone phone, CallControl control)
    {
        phone.Wait(300);
        WaitFor(phone, () => !control.Player.IsPlaying, 60_000);
        phone.Wait(300);
    }

    // What the port reported: its outcome, passwords set and whether the completion guidance began.
    private sealed class OutcomeMonitor : GatewayMonitor
    {
        public IvrOutcome Outcome { get; private set; }

        public int PasswordsSet { get; private set; }

        public bool CompletionPlayed { get; private set; }

        public override void PromptStarted(PromptId id, long now)
        {
            if (id == PromptId.PasswordSet) { CompletionPlayed = true; }
        }

        public override void PasswordSet(PasswordUnit unit, string targetNumber, long durationMs, int chargeUnits, long now) => PasswordsSet++;

        public override void IvrEnded(IvrOutcome outcome, long now) => Outcome = outcome;
    }
}
