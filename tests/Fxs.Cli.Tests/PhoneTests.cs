using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Fxs.Cli.Tests;

public class PhoneTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Unit1Keys = """
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
        Assert.Contains("[off hook, DTMF | port DialTone | Dial tone]", r.Stdout);
        Assert.Contains("| port IVR Menu | guidance 「仮パスワードの設定を行います。", r.Stdout);
        Assert.Contains("| port IVR PasswordConfirm | guidance 「確認のためにもう一度仮パスワードを入力してください。」]", r.Stdout);
        Assert.Contains("password set for 0300001111 (unit 1 Line)", r.Stdout);
        Assert.Contains("[on hook, DTMF | port Idle | silence]", r.Stdout);
        Assert.Contains("quit: 1 password(s) set, last IVR outcome Set.", r.Stdout);
        Assert.Equal(16, r.StdoutLines.Count(l => l.EndsWith("phone    keys x", StringComparison.Ordinal)));
        Assert.DoesNotContain("27182818", r.Stdout);
        Assert.DoesNotContain("keys 2", r.Stdout.Split("decides UnitLine")[1]);
    }

    [Fact]
    public void PToggleDialsPulsesAndQQuits()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n500 p\n600 0363044747\n20000 q\n"));
        Assert.Contains("switches to dial pulses (10 pps)", r.Stdout);
        Assert.Equal(10, r.StdoutLines.Count(l => l.Contains("gateway  hears ", StringComparison.Ordinal) && l.EndsWith(" (dial pulses)", StringComparison.Ordinal)));
        Assert.Contains("access number (TP-4): the local IVR answers", r.Stdout);
        Assert.Contains("[off hook, pulse | port IVR Menu", r.Stdout);
        Assert.EndsWith("quit: 0 password(s) set, last IVR outcome None.", r.StdoutLines[^1]);
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
        Assert.Contains("decides InvalidMenuKey (step menu", stdout);
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
