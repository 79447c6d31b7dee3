namespace Fxs.Cli;

// Exit codes are part of the CLI's contract: field scripts branch on them. Keep them stable.
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A bug: an exception nothing expected. The message on stderr says where.</summary>
    public const int InternalError = 1;

    /// <summary>Bad command line: unknown command, a missing, invalid or contradictory option (a bad number in --contract included).</summary>
    public const int Usage = 2;

    /// <summary>
    /// An input file (or directory) is missing, unreadable, or its content cannot be used: a WAV fxs does not take,
    /// a script, hook or keys file with a bad line, a board, line or relay file with a bad field, the guidance
    /// audio; and `bench dtmf`'s peer tools missing. The same code in every command.
    /// </summary>
    public const int BadInput = 3;

    /// <summary>The output file could not be written.</summary>
    public const int OutputFailed = 4;

    /// <summary>`fxs bench`: the bench ran and a conformance requirement was not met (never a host-dependent speed figure, which is printed as information).</summary>
    public const int ConformanceFailed = 5;

    /// <summary>`fxs selftest`: at least one check failed (its FAIL line says what was expected and found).</summary>
    public const int SelfTestFailed = 6;

    /// <summary>`fxs run`, `fxs selftest --board`: a board part (GPIO chip, ALSA device) could not be opened; one line says which and why.</summary>
    public const int HardwareUnavailable = 7;

    /// <summary>`fxs replay`, `fxs call` with `--expect`: the call ran, but its outcome is not the one expected (stderr says both).</summary>
    public const int OutcomeDiffers = 8;

    /// <summary>"Exit codes: 0 ok, 2 usage, …" for the codes one command returns (its --help lists only those).</summary>
    public static string HelpFor(params int[] codes)
    {
        var parts = new string[codes.Length];
        for (int i = 0; i < codes.Length; i++) { parts[i] = codes[i] + " " + Meaning(codes[i]); }
        return "Exit codes: " + string.Join(", ", parts) + ".";
    }

    /// <summary>The words for one code, as the table in the README has them.</summary>
    public static string Meaning(int code) => code switch
    {
        Ok => "ok",
        InternalError => "internal error",
        Usage => "usage",
        BadInput => "unreadable or unsupported input",
        OutputFailed => "output not written",
        ConformanceFailed => "a conformance requirement not met (bench)",
        SelfTestFailed => "self-test failed",
        HardwareUnavailable => "board hardware unavailable",
        OutcomeDiffers => "call outcome not the one --expect named",
        _ => "unknown",
    };

    /// <summary>The whole table, for `fxs --help` (and the README's table).</summary>
    public static string HelpText => HelpFor(Ok, InternalError, Usage, BadInput, OutputFailed, ConformanceFailed, SelfTestFailed, HardwareUnavailable, OutcomeDiffers)
        .TrimEnd('.') + " (1: any command, a bug).";
}
