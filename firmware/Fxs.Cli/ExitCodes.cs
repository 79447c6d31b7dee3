namespace Fxs.Cli;

// Exit codes are part of the CLI's contract: field scripts branch on them. Keep them stable.
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A bug: an exception nothing expected. The message on stderr says where.</summary>
    public const int InternalError = 1;

    /// <summary>Bad command line (unknown command, missing or invalid option), or a command not built yet.</summary>
    public const int Usage = 2;

    /// <summary>The input file is missing, unreadable, not a WAV, or a WAV format fxs does not take.</summary>
    public const int BadInput = 3;

    /// <summary>The output file could not be written.</summary>
    public const int OutputFailed = 4;

    // 5 is the benches' "a target was missed" (Fxs.Bench's reports own it).

    /// <summary>`fxs selftest`: at least one check failed (its FAIL line says what was expected and found).</summary>
    public const int SelfTestFailed = 6;

    /// <summary>`fxs run`: a board part (GPIO chip, ALSA device) could not be opened; the log says which and why.</summary>
    public const int HardwareUnavailable = 7;

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
        5 => "a conformance target missed",
        SelfTestFailed => "self-test failed",
        HardwareUnavailable => "board hardware unavailable",
        _ => "unknown",
    };

    /// <summary>The same table, for --help.</summary>
    public const string HelpText =
        "Exit codes: 0 ok, 1 internal error, 2 usage, 3 unreadable or unsupported input, 4 output not written, 6 self-test failed, 7 board hardware unavailable.";
}
