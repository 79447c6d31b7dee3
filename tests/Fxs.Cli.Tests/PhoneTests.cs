using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Fxs.Cli.Tests;

public class PhoneTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal const string Unit1Keys = """
        # lift, dial the access number, unit 1 over the menu, the password twice, hang up
        0 o
        800 0363044747
        6000 1
        9000 27182818
        16000 27182818
        30000 h
        """;

    private string Keys(string text)
    {
        string path = _dir.File("keys-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void TimedKeysPlaceACallAndTheScreenShowsStatesAndGuidanceWithoutThePassword()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys(Unit1Keys));
        // Plain words (issue #16 item 6): the step, the keys taken so far, the guidance's first words.
        Assert.Contains("[phone: off hook | dial: DTMF | step: dial tone: dial the access number | playing: dial tone]", r.Stdout);
        Assert.Contains("| step: temporary-password service: choosing the unit | keyed: none yet | wrong entries: none | playing: 「仮パスワードの設定を行い…」, ", r.Stdout);
        Assert.Contains("| step: temporary-password service: keying the password again | keyed: none yet | wrong entries: none | playing: 「確認のためにもう一度仮パ…」, ", r.Stdout);
        Assert.Contains("password set for 0300001111 (unit 1 line): record kept by the sim board (no relay here)", r.Stdout);
        Assert.Contains("[phone: on hook | dial: DTMF | step: port idle | playing: nothing]", r.Stdout);
        Assert.Contains("quit: 1 password(s) set; the last temporary-password call set its password.", r.Stdout);
        string[] statusLines = r.StdoutLines.Where(l => l.Contains("  [", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(statusLines, l => l.Contains("PasswordConfirm", StringComparison.Ordinal) || l.Contains("DialTone", StringComparison.Ordinal));
        Assert.Equal(16, r.StdoutLines.Count(l => l.EndsWith("phone    keys x", StringComparison.Ordinal)));
        Assert.DoesNotContain("27182818", r.Stdout);
        Assert.DoesNotContain("keys 2", r.Stdout.Split("decided  unit-line")[1]);
    }

    [Fact]
    public void PStepsTheDialThroughPulseRatesAndQQuits()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n500 p\n600 0363044747\n20000 q\n"));
        Assert.Contains("switches to dial pulses (10 pps)", r.Stdout);
        Assert.Equal(10, r.StdoutLines.Count(l => l.Contains("heard    ", StringComparison.Ordinal) && l.EndsWith(" (dial pulses)", StringComparison.Ordinal)));
        Assert.Contains("access number (TP-4): the local IVR answers", r.Stdout);
        Assert.Contains("[phone: off hook | dial: pulses 10 pps | step: temporary-password service: choosing the unit", r.Stdout);
        Assert.EndsWith("quit: 0 password(s) set; no temporary-password call has ended.", r.StdoutLines[^1]);

        // Twice more: 20 pps, which the gateway hears as well, then back to DTMF.
        CliResult fast = FxsCli.Ok("phone", "--keys", Keys("0 o\n500 pp\n600 0363044747\n12000 p\n12100 1\n20000 q\n"));
        Assert.Contains("switches to dial pulses (20 pps)", fast.Stdout);
        Assert.Equal(10, fast.StdoutLines.Count(l => l.Contains("heard    ", StringComparison.Ordinal) && l.EndsWith(" (dial pulses)", StringComparison.Ordinal)));
        Assert.Contains("access number (TP-4): the local IVR answers", fast.Stdout);
        Assert.Contains("switches to DTMF", fast.Stdout);
        Assert.Contains("heard    1 (DTMF)", fast.Stdout);
    }

    [Fact]
    public void TheStatusCountsTheKeysTakenInTheStep()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n800 0363044747\n6000 1\n9000 2\n9300 7\n12000 q\n"));
        // The password's keys as they are taken, masked: the count in the password step (issue #16 item 6).
        Assert.Contains("| step: temporary-password service: keying the password | keyed: • (1 of 8) | wrong entries: none | playing: nothing]", r.Stdout);
        Assert.Contains("| step: temporary-password service: keying the password | keyed: •• (2 of 8) | wrong entries: none | playing: nothing]", r.Stdout);
        Assert.DoesNotContain("keys 2", r.Stdout);
        Assert.DoesNotContain("keyed: 2", r.Stdout);
    }

    [Fact]
    public void FFlashesTheHook()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n1000 f\n3000 q\n"));
        Assert.Contains("phone    flashes the hook (300 ms)", r.Stdout);
        Assert.Contains("heard    hook flash", r.Stdout);
    }

    [Fact]
    public void RealtimePacesTheSimByTheWallClock()
    {
        var clock = Stopwatch.StartNew();
        CliResult r = FxsCli.Ok("phone", "--realtime", "--tail", "200", "--keys", Keys("0 o\n300 h\n"));
        Assert.True(clock.ElapsedMilliseconds >= 400, "500 ms of line time took " + clock.ElapsedMilliseconds + " ms");
        Assert.Contains("phone    hangs up", r.Stdout);
    }

    [Theory]
    [InlineData("0 o\nsoon 1\n", 2, "expected '<ms> <keys>'")]
    [InlineData("500 o\n100 1\n", 2, "must not go back")]
    [InlineData("0 o\n100 1x\n", 2, "'x' is not a key")]
    public void BadKeyLinesExit3NamingTheLine(string text, int line, string message)
    {
        string path = Keys(text);
        CliResult r = FxsCli.Run("phone", "--keys", path);
        Assert.Equal(3, r.Exit); // a bad input file, as in every command (issue #14 item 6)
        Assert.StartsWith("fxs: phone: " + path + ":" + line + ": ", r.Stderr);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void KeysFromRedirectedStdin()
    {
        string fxs = typeof(global::Fxs.Cli.Cli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", new[] { fxs, "phone", "--keys", "-", "--tail", "500" })
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(start)!;
        p.StandardInput.Write("0 o\n800 0363044747\n5000 9\n");
        p.StandardInput.Close();
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.True(p.ExitCode == 0, stdout + stderr);
        Assert.Contains("decided  invalid-menu-key (step menu", stdout);
    }

    [Fact]
    public void WithoutKeysAndWithoutATerminalThePhoneSaysHow()
    {
        string fxs = typeof(global::Fxs.Cli.Cli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", new[] { fxs, "phone" }) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        using Process p = Process.Start(start)!;
        p.StandardInput.Close();
        string stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--keys -", stderr);
    }
}
