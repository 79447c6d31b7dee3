using System;
using System.Linq;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Gateway;

namespace Fxs.Gateway.Tests;

/// <summary>
/// One port on the sim board with a recorder, and the phone's side of a call: it lifts the
/// handset, keys, dials and waits, touching only audio and the hook; it learns what the gateway
/// did only from what the recorder saw it play and decide.
/// </summary>
internal sealed class Call
{
    public const string Contract = "0300001111";
    public const string Extra1 = "0300002222";
    public const string Extra2 = "0300003333";
    public const string East = LineConfiguration.EastAccessNumber;
    public const string West = LineConfiguration.WestAccessNumber;
    public const string Pw = "27182818";

    // The numbers as written, and read back with a pause at each hyphen (issue #13 item 9).
    public const string ContractWritten = "03-0000-1111";
    public const string Extra1Written = "03-0000-2222";
    public const string Extra2Written = "03-0000-3333";

    public Call(string notify = Contract, SimBoardOptions? options = null, ServiceArea area = ServiceArea.East, string contract = Contract)
    {
        Rec = new Recorder();
        Line = new LineConfiguration(contract, new[] { Extra1, Extra2 }, notify == Contract ? contract : notify, area);
        Sim = new SimGateway(Line, options, SharedPrompts.Value, Rec);
    }

    private static readonly Lazy<PromptDirectory> SharedPrompts = new(() => new PromptDirectory(PromptDirectory.DefaultDirectory()));

    public Recorder Rec { get; }
    public LineConfiguration Line { get; }
    public SimGateway Sim { get; }
    public SimPhone Phone => Sim.Phone;
    public CallControl Control => Sim.Port.Control;
    public long Now => Sim.Board.NowSamples;

    public void OffHook(int waitMs = 300) { Phone.OffHook(); Phone.Wait(waitMs); }

    public void HangUp(int waitMs = 1500) { Phone.OnHook(); Phone.Wait(waitMs); }

    /// <summary>Keys as a person does: 80 ms tone, 150 ms apart.</summary>
    public void Keys(string keys) => Phone.DialDtmf(keys, toneMs: 80, pauseMs: 150, levelDeciDbm0: -100, twistDeciDb: 20);

    /// <summary>Off hook, then the access number by DTMF; returns once the menu has started.</summary>
    public void DialAccess(string number = East)
    {
        OffHook();
        Keys(number);
        WaitUntil(() => Control.Player.IsPlaying, 2000);
    }

    public void WaitUntil(Func<bool> condition, int maxMs)
    {
        for (int t = 0; t < maxMs && !condition(); t += 10) { Phone.Wait(10); }
        Assert.True(condition(), "condition not met within " + maxMs + " ms\n" + Rec.Transcript);
    }

    /// <summary>Waits (silent) until the guidance playing has ended, plus a breath.</summary>
    public void HearToTheEnd(int maxMs = 60000)
    {
        WaitUntil(() => !Control.Player.IsPlaying, maxMs);
        Phone.Wait(300);
    }

    public int DecisionCount(IvrDecision kind) => Rec.Decisions.Count(d => d.Kind == kind);

    public PromptId[] PromptsSince(int index) => Rec.Prompts.Skip(index).Select(p => p.Id).ToArray();

    /// <summary>The prompts reading the number <paramref name="written"/> back ('-': a group pause), then <paramref name="sentence"/>.</summary>
    public static PromptId[] ReadBack(string written, PromptId sentence)
    {
        return written.Select(c => c == '-' ? PromptId.GroupPause : PromptId.Digit0 + (c - '0')).Append(sentence).ToArray();
    }

    /// <summary>The password step, from its guidance: the password twice, each keyed after the guidance ends.</summary>
    public void PasswordTwice(string pw = Pw, string? confirmation = null)
    {
        HearToTheEnd();
        Keys(pw);
        HearToTheEnd();
        Keys(confirmation ?? pw);
    }
}
