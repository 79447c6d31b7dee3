namespace Fxs.Cli.Tests;

// Call scripts (the `fxs call --script` language) shared by the tests of `fxs call` and `fxs run`.
internal static class CallScripts
{
    /// <summary>Off hook, the East access number, unit 1 (line): the IVR then waits for the password.</summary>
    public const string ToThePasswordStep = """
        offhook
        wait 800
        dtmf 0363044747
        wait-guidance
        dtmf 1
        wait-guidance

        """;

    public const string Unit1 = "# unit 1, the password keyed after each guidance (the confirmation keyed faster and quieter)\n"
        + ToThePasswordStep + """
        dtmf 27182818
        wait-guidance
        dtmf 27182818 tone=60 pause=60 level=-12.5 twist=3
        wait-guidance
        onhook
        """;
}
