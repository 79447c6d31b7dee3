using System.Linq;

namespace Fxs.Cli.Tests;

// Command-line mistakes: exit 2, "fxs: ..." lines and a --help hint on stderr, nothing on stdout.
public sealed class UsageTests : System.IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertUsage(CliResult r, string firstLine, string helpFor)
    {
        Assert.True(r.Exit == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal(firstLine, r.StderrLines[0]);
        Assert.Equal("Try '" + helpFor + " --help'.", r.StderrLines[^1]);
    }

    [Fact]
    public void No_command() =>
        AssertUsage(FxsCli.Run(), "fxs: Required command was not provided.", "fxs");

    [Fact]
    public void Unknown_subcommand()
    {
        CliResult r = FxsCli.Run("dtmf", "frob");
        AssertUsage(r, "fxs: Required command was not provided.", "fxs dtmf");
        Assert.Contains("fxs: Unrecognized command or argument 'frob'.", r.StderrLines);
    }

    [Fact]
    public void Decode_without_a_file() =>
        AssertUsage(FxsCli.Run("dtmf", "decode"), "fxs: Required argument missing for command: 'decode'.", "fxs dtmf decode");

    [Fact]
    public void Generate_without_out() =>
        AssertUsage(FxsCli.Run("dtmf", "generate", "--digits", "1"), "fxs: Option '--out' is required.", "fxs dtmf generate");

    [Theory]
    [InlineData("12x", "fxs: --digits: 'x' is not a DTMF digit (0-9 * # A-D).")]
    [InlineData("", "fxs: --digits is empty.")]
    public void Generate_with_bad_digits(string digits, string error) =>
        AssertUsage(FxsCli.Run("dtmf", "generate", "--digits", digits, "--out", "x.wav"), error, "fxs dtmf generate");

    [Fact]
    public void Generate_with_unknown_encoding_is_one_line() =>
        AssertUsage(FxsCli.Run("dtmf", "generate", "--digits", "1", "--out", "x.wav", "--encoding", "gsm"),
            "fxs: Argument 'gsm' not recognized. Must be one of 'pcm', 'mu-law', 'mulaw', 'ulaw', 'u-law', 'a-law', 'alaw'", "fxs dtmf generate");

    [Fact]
    public void Generate_with_a_level_above_g711_ceiling()
    {
        CliResult r = FxsCli.Run("dtmf", "generate", "--digits", "1", "--out", "x.wav", "--level", "0", "--twist", "8");
        AssertUsage(r, "fxs: The high-group tone level works out to 4 dBm0; it must be between -90 and +3 dBm0.", "fxs dtmf generate");
    }

    [Theory]
    [InlineData("--tone-ms", "0", "fxs: --tone-ms must be between 1 and 3600000 ms.")]
    [InlineData("--pause-ms", "-1", "fxs: --pause-ms must be between 0 and 3600000 ms.")]
    [InlineData("--offset-low", "25", "fxs: --offset-low must be between -20 and 20 percent.")]
    public void Generate_with_out_of_range_numbers(string option, string value, string error) =>
        AssertUsage(FxsCli.Run("dtmf", "generate", "--digits", "1", "--out", "x.wav", option, value), error, "fxs dtmf generate");

    [Fact]
    public void Usage_errors_write_no_file()
    {
        string path = _dir.File("x.wav");
        FxsCli.Run("dtmf", "generate", "--digits", "1z", "--out", path);
        Assert.False(System.IO.File.Exists(path));
    }

    [Fact]
    public void Bench_dtmf_prints_the_report_for_the_suites_asked()
    {
        CliResult r = FxsCli.Run("bench", "dtmf", "--suite", "b", "--quick");
        Assert.Equal(0, r.Exit);
        Assert.Contains("| test | requirement | fxs | pass/fail | spandsp | multimon-ng | fxs vs peers |", r.Stdout);
        Assert.Contains("| (b) high group stronger: max twist accepted | ≥ 6 dB |", r.Stdout);
    }

    [Fact]
    public void Bench_dtmf_refuses_an_unknown_option_with_exit_2()
    {
        CliResult r = FxsCli.Run("bench", "dtmf", "--bogus");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--bogus", r.Stderr); // declared through System.CommandLine, as every command's options
    }

    [Fact]
    public void Help_goes_to_stdout_with_exit_0_and_lists_exit_codes()
    {
        CliResult r = FxsCli.Run("dtmf", "generate", "--help");
        Assert.Equal(0, r.Exit);
        Assert.Contains("--snr", r.Stdout);
        Assert.Contains("Exit codes: 0 ok, 2 usage, 4 output not written.", r.Stdout); // only its own codes (issue #14 item 6)
        Assert.Contains(FxsCli.Run("--help").StdoutLines, l => l.Contains("dtmf"));
    }

    [Fact]
    public void Unwritable_output_exits_4()
    {
        string path = _dir.File(System.IO.Path.Combine("missing-dir", "x.wav"));
        CliResult r = FxsCli.Run("dtmf", "generate", "--digits", "1", "--out", path);
        Assert.Equal(4, r.Exit);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith(path + ": cannot write (", r.StderrLines.Single());
    }

    // Issue #14 item 6: one table in `fxs --help` (and the README); each command's --help lists only its own codes.
    [Theory]
    [InlineData(new[] { "--help" }, "Exit codes: 0 ok, 1 internal error, 2 usage, 3 unreadable or unsupported input, 4 output not written, 5 a conformance requirement not met (bench), 6 self-test failed, 7 board hardware unavailable, 8 call outcome not the one --expect named (1: any command, a bug).")]
    [InlineData(new[] { "replay", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input, 4 output not written, 8 call outcome not the one --expect named.")]
    [InlineData(new[] { "call", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input, 4 output not written, 8 call outcome not the one --expect named.")]
    [InlineData(new[] { "dtmf", "decode", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input.")]
    [InlineData(new[] { "selftest", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input, 6 self-test failed, 7 board hardware unavailable.")]
    [InlineData(new[] { "run", "--help" }, "Exit codes: 0 ok, 1 internal error, 2 usage, 3 unreadable or unsupported input, 7 board hardware unavailable.")]
    [InlineData(new[] { "config", "check", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input.")]
    [InlineData(new[] { "bench", "line", "--help" }, "Exit codes: 0 ok, 2 usage, 3 unreadable or unsupported input, 4 output not written, 5 a conformance requirement not met (bench).")]
    public void EachHelpListsItsOwnExitCodes(string[] args, string codes)
    {
        CliResult r = FxsCli.Ok(args);
        Assert.Contains(codes, string.Join(" ", r.StdoutLines.Select(l => l.Trim())));
    }

    // Every option of the DTMF bench is declared, so --help shows it (the hand-written parser's help had drifted).
    [Fact]
    public void TheDtmfBenchHelpShowsEveryOption()
    {
        string help = FxsCli.Ok("bench", "dtmf", "--help").Stdout;
        foreach (string option in new[] { "--seed", "--quick", "--cache", "--guide", "--minutes", "--prompts", "--suite", "--out", "--plots" })
        {
            Assert.Contains(option, help);
        }
        Assert.Contains("realtalkoff (s)", string.Join(" ", help.Split('\n').Select(l => l.Trim())));
    }
}
