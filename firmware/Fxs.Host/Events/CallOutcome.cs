using System.CommandLine;
using System.IO;

namespace Fxs.Cli;

// The outcome of one call in one word, as `fxs replay`'s result and `fxs call`'s summary name it, and
// `--expect` (issue #16 item 5): a scripted regression run tells a call that went otherwise by exit 8.
internal static class CallOutcome
{
    public const string Set = "set";
    public const string Failed = "failed";
    public const string Abandoned = "abandoned";
    public const string Outgoing = "outgoing";
    public const string NoCall = "no-call";

    /// <summary>
    /// The one classification: a set password wins; then the IVR's failure (three strikes, or a password
    /// not stored); then an IVR call left before either; then a number dialed that was not the access
    /// number; else nothing was dialed.
    /// </summary>
    public static string Of(bool passwordSet, bool ivrFailed, bool routedToIvr, bool dialed)
    {
        if (passwordSet) { return Set; }
        if (ivrFailed) { return Failed; }
        if (routedToIvr) { return Abandoned; }
        return dialed ? Outgoing : NoCall;
    }

    /// <summary>`--expect OUTCOME`, declared once for every command that runs a call.</summary>
    public static Option<string?> ExpectOption(string whose)
    {
        var expect = new Option<string?>("--expect")
        {
            HelpName = "set|failed|abandoned|outgoing|no-call",
            Description = "The outcome " + whose + " should have; if it has another, one line on stderr says expected and got, and the exit code is "
                + ExitCodes.OutcomeDiffers + " (the transcript is printed all the same).",
        };
        expect.AcceptOnlyFromAmong(Set, Failed, Abandoned, Outgoing, NoCall);
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
