using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Fxs.Cli.Phone;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Spectre.Console.Testing;

namespace Fxs.Cli.Tests;

// `fxs phone`'s status area (issue #16 item 6) through the real path: keys in, the gateway's real IVR
// on the sim line, the screen out (plain lines when stdout is not a terminal; the live panel drawn
// into Spectre's TestConsole as a terminal would get it).
public class PhoneStatusTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Unit 1, two password keys, then '#': a malformed password (a wrong entry, TP-14).
    private const string TwoKeysThenHash = "0 o\n800 0363044747\n6000 1\n9000 2\n9300 7\n12000 #\n14000 q\n";

    private string Keys(string text)
    {
        string path = _dir.File("keys-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] StatusLines(CliResult r) => r.StdoutLines.Where(l => l.Contains(" ms  status   [phone: ", StringComparison.Ordinal)).ToArray();

    private static double LineTime(string line) => double.Parse(line.AsSpan(0, line.IndexOf(" ms  ", StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 1000;

    [Fact]
    public void TheStatusCountsTheWrongEntryAfterAMalformedPassword()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys(TwoKeysThenHash));
        string[] status = StatusLines(r);
        int wrong = Array.FindIndex(status, l => l.Contains("| wrong entries: 1 of 3 |", StringComparison.Ordinal));
        Assert.True(wrong > 0, r.Stdout);
        // The entry starts again: no key taken, the invalid-entry guidance playing.
        Assert.Contains("| step: temporary-password service: keying the password | keyed: none yet | wrong entries: 1 of 3 | playing: 「入力された番号が正しくあ…」, ", status[wrong]);
        Assert.All(status[..wrong], l => Assert.DoesNotContain("wrong entries: 1", l));
    }

    [Fact]
    public void TheNumbersKeysShowInClearAsTheyAreTaken()
    {
        // Unit 2 (a number of the line, TP-9): its keys are no secret, the count says how many so far.
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n800 0363044747\n6000 2\n9000 0\n9300 300\n12000 q\n"));
        Assert.Contains("| step: temporary-password service: keying the number | keyed: 0 (1 key) | wrong entries: none |", r.Stdout);
        Assert.Contains("| step: temporary-password service: keying the number | keyed: 0300 (4 keys) | wrong entries: none |", r.Stdout);
    }

    [Fact]
    public void GuidanceSecondsLeftCountDownOnTheLineClockToTheGuidancesEnd()
    {
        CliResult r = FxsCli.Ok("phone", "--keys", Keys("0 o\n800 0363044747\n12000 q\n"));
        string[] menu = StatusLines(r).Where(l => l.Contains("choosing the unit", StringComparison.Ordinal) && l.Contains(" s left]", StringComparison.Ordinal)).ToArray();
        int[] left = menu.Select(l => int.Parse(Regex.Match(l, @", (\d+) s left\]$").Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(left.Length >= 5, string.Join("\n", menu));
        for (int i = 1; i < left.Length; i++) { Assert.Equal(left[i - 1] - 1, left[i]); }
        // Counted on the line clock from the prompt's length: every line's time plus its seconds left
        // lands in the same second, the guidance's end (the menu prompt started at 2.27 s).
        double[] ends = menu.Select((l, i) => LineTime(l) + left[i]).ToArray();
        Assert.True(ends.Max() - ends.Min() < 1.0, string.Join(", ", ends));
        Assert.InRange(left[0], 15, 30); // the unit menu: about 19 s of guidance
    }

    [Fact]
    public void RevealDigitsShowsThePasswordKeysOnTheSimBoard()
    {
        CliResult r = FxsCli.Ok("phone", "--reveal-digits", "--keys", Keys(TwoKeysThenHash));
        Assert.Contains("| keyed: 2 (1 of 8) |", r.Stdout);
        Assert.Contains("| keyed: 27 (2 of 8) |", r.Stdout);
        Assert.Contains("phone    keys 2", r.Stdout);
        Assert.Contains("Password keys shown (--reveal-digits).", r.StdoutLines[0]);
        // The gateway's own lines never carry them: the core reports password keys as x.
        Assert.Contains("heard    x (DTMF)", r.Stdout);
    }

    [Theory]
    [InlineData("raspberry-pi-ag1171")]
    [InlineData("linux-gpio-generic")]
    public void RevealDigitsIsRefusedOnAnyOtherBoard(string board)
    {
        CliResult r = FxsCli.Run("phone", "--board", board, "--reveal-digits", "--keys", Keys(TwoKeysThenHash));
        Assert.Equal(ExitCodes.Usage, r.Exit);
        Assert.Equal(new[] { "fxs: phone: --reveal-digits is refused on board '" + board + "' (only on the sim board, a bench board)" }, r.StderrLines);
        Assert.Equal("", r.Stdout);

        // Nor does the phone run there without it: only the sim board has a model phone on its line.
        CliResult plain = FxsCli.Run("phone", "--board", board, "--keys", Keys(TwoKeysThenHash));
        Assert.Equal(ExitCodes.Usage, plain.Exit);
        Assert.Equal(new[] { "fxs: phone: board '" + board + "' has no model phone on its line (only sim)" }, plain.StderrLines);
    }

    // Every name of every enum whose values the phone words itself (status area, phone lines, quit line).
    private static readonly string[] EnumNames = Enum.GetNames<CallState>().Concat(Enum.GetNames<IvrState>())
        .Concat(Enum.GetNames<CallProgressTone>()).Concat(Enum.GetNames<IvrOutcome>()).Concat(Enum.GetNames<PromptId>())
        .Concat(Enum.GetNames<DigitSource>()).Distinct().ToArray();

    private static void AssertNoEnumName(string text)
    {
        foreach (string name in EnumNames)
        {
            Assert.False(Regex.IsMatch(text, @"\b" + name + @"\b"), "'" + name + "' in: " + text);
        }
    }

    [Fact]
    public void EveryStateTheStatusAreaCanShowHasPlainWords()
    {
        foreach (CallState s in Enum.GetValues<CallState>()) { AssertWords(PhoneWords.Port(s), s.ToString()); }
        foreach (IvrState s in Enum.GetValues<IvrState>()) { AssertWords(PhoneWords.Ivr(s), s.ToString()); }
        foreach (CallProgressTone t in Enum.GetValues<CallProgressTone>()) { AssertWords(PhoneWords.Tone(t), t.ToString()); }
        foreach (IvrOutcome o in Enum.GetValues<IvrOutcome>()) { AssertWords(PhoneWords.LastCall(o), o.ToString()); }
        foreach (PromptId p in Enum.GetValues<PromptId>().Where(p => p != PromptId.None)) { AssertWords(PhoneWords.Guidance(p), p.ToString()); }
        foreach (int pps in new[] { 0, 10, 20 }) { AssertWords(PhoneWords.Dial(pps), "dial " + pps); }
        AssertWords(PhoneWords.Hook(true), "off hook");
        AssertWords(PhoneWords.Hook(false), "on hook");
        // A value the core may add later shows as its number, never its name.
        Assert.Null(PhoneWords.Port((CallState)99));
        Assert.Null(PhoneWords.Ivr((IvrState)99));
    }

    private static void AssertWords(string? words, string of)
    {
        Assert.False(string.IsNullOrWhiteSpace(words), "no words for " + of);
        AssertNoEnumName(words!);
    }

    [Fact]
    public void ThePhonesOwnLinesCarryNoEnumName()
    {
        // A set password, a malformed entry, pulses, a flash, a key on hook and an abandoned call: most states there are.
        const string Calls = PhoneTests.Unit1Keys + """

            31000 3
            31500 o
            32000 p
            32100 0363044747
            40000 p
            40100 1
            43000 27#
            46000 f
            48000 h
            """;
        CliResult r = FxsCli.Ok("phone", "--keys", Keys(Calls));
        Assert.Contains("the last temporary-password call was abandoned", r.StdoutLines[^1]);
        // The gateway's event lines (`heard`, `played`, `decided`) are worded by the shared vocabulary
        // (Fxs.Host.Events.EventWords, kebab-case names); everything the phone words itself is checked here.
        string[] own = r.StdoutLines.Where(l => !l.Contains(" ms  heard    ", StringComparison.Ordinal)
            && !l.Contains(" ms  played   ", StringComparison.Ordinal) && !l.Contains(" ms  decided  ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(own, l => l.Contains("  phone    ", StringComparison.Ordinal));
        Assert.Contains(own, l => l.Contains(" ms  status   [phone: ", StringComparison.Ordinal));
        foreach (string line in own.Skip(2)) { AssertNoEnumName(line); } // the first two: the line's settings (`area East`)
    }

    [Fact]
    public void OnATerminalTheStatusIsAFixedPanelAboveTheScrollingLog()
    {
        var console = new TestConsole().Width(120).Height(30).EmitAnsiSequences().Interactive();
        var root = new RootCommand { PhoneCommand.Create(_ => console) };
        var stdout = new StringWriter();
        int exit = root.Parse(new[] { "phone", "--keys", Keys(TwoKeysThenHash) }).Invoke(new InvocationConfiguration { Output = stdout, Error = new StringWriter() });
        Assert.Equal(0, exit);
        string screen = Regex.Replace(console.Output, @"\x1b\[[0-9;?]*[A-Za-z]", "");
        // The panel: each field's row, the line time in its title, the keys.
        Assert.Contains("fxs phone · line time", screen);
        Assert.Matches(@"keyed\s+•• \(2 of 8\)", screen);
        Assert.Matches(@"wrong entries\s+1 of 3", screen);
        Assert.Matches(@"playing\s+「仮パスワードの設定を行い…」, \d+ s left", screen);
        Assert.Matches(@"keys\s+o off hook, 0-9", screen);
        // Below it the transcript, and after the loop the quit line.
        Assert.Contains("heard    x (DTMF)", screen);
        Assert.Contains("quit: 0 password(s) set", screen);
        Assert.DoesNotContain("keyed: 2", screen);
        // The plain status lines are not written when the panel shows the status.
        Assert.DoesNotContain("[phone: ", stdout.ToString() + screen);
        // The last frame drawn: the panel sits above the log, the log's latest line last.
        string last = screen[screen.LastIndexOf("fxs phone · line time", StringComparison.Ordinal)..];
        Assert.True(last.IndexOf("step", StringComparison.Ordinal) < last.IndexOf("heard    ", StringComparison.Ordinal), last);
    }
}
