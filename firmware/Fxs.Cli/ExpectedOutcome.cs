using System.CommandLine;
using System.IO;
using Fxs.Host.Events;

namespace Fxs.Cli;

// `--expect` (issue #16 item 5): a scripted regression run tells a call that went otherwise by exit 8.
// The outcome words themselves are the host's (CallOutcome).
internal static class ExpectedOutcome
{
    /// <summary>`--expect OUTCOME`, declared once for every command that runs a call.</summary>
    public static Option<string?> Option(string whose)
    {
        var expect = new Option<string?>("--expect")
        {
            HelpName = "set|failed|abandoned|outgoing|no-call",
            Description = "The outcome " + whose + " should have; if it has another, one line on stderr says expected and got, and the exit code is "
                + ExitCodes.OutcomeDiffers + " (the transcript is printed all the same).",
        };
        expect.AcceptOnlyFromAmong(CallOutcome.Set, CallOutcome.Failed, CallOutcome.Abandoned, CallOutcome.Outgoing, CallOutcome.NoCall);
        return expect;
    }

    /// <summary>Ok when nothing is expected or the outcome is the one expected; else says so on stderr and returns 8.</summary>
    public static int Check(string? expected, string got, string prefix, TextWriter stderr)
    {
        if (expected is null || expected == got) { return ExitCodes.Ok; }
        stderr.WriteLine(prefix + "expected outcome " + expected + ", got " + got);
        return ExitCodes.OutcomeDiffers;
    }
}
