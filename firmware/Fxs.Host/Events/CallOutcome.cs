namespace Fxs.Host.Events;

// The outcome of one call in one word, as `fxs replay`'s result and `fxs call`'s summary name it, and
// `--expect` checks (issue #16 item 5).
public static class CallOutcome
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
}
