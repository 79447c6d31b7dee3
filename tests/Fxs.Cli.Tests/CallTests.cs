using System;
using System.IO;
using System.Linq;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

public class CallTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string text)
    {
        string path = _dir.File("call-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AScriptedCallSetsThePasswordPrintsATranscriptWithoutItsDigitsAndRecordsStereo()
    {
        string wav = _dir.File("call.wav");
        CliResult r = FxsCli.Ok("call", "--script", Script(CallScripts.Unit1), "--record", wav);
        Assert.Contains("phone    keys 0363044747", r.Stdout);
        Assert.Contains("access number (TP-4): the local IVR answers", r.Stdout);
        Assert.Contains("password set for 0300001111 (unit 1 line)", r.Stdout);
        Assert.Contains("phone    keys xxxxxxxx", r.Stdout);
        Assert.Contains("heard    xxxxxxxx (DTMF)", r.Stdout);
        Assert.Contains("1 password(s) set, last IVR outcome set, port idle.", r.Stdout);
        Assert.DoesNotContain("27182818", r.Stdout);
        Assert.Empty(r.Stderr);

        using var reader = new WaveFileReader(wav);
        Assert.Equal(2, reader.WaveFormat.Channels);
        Assert.Equal(8000, reader.WaveFormat.SampleRate);
        Assert.True(reader.TotalTime > TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void KeysThatRunOnIntoThePasswordAreMaskedOnThePhoneSide()
    {
        CliResult r = FxsCli.Ok("call", "--script", Script("""
            offhook
            wait 800
            dtmf 0363044747127182818
            wait 3000
            onhook
            """));
        Assert.Contains("phone    keys 03630447471xxxxxxxx", r.Stdout);
        Assert.DoesNotContain("27182818", r.Stdout);
    }

    [Fact]
    public void ARotaryCallWithAnAdditionalNotifyNumberOnTheWestArea()
    {
        CliResult r = FxsCli.Ok("call", "--script", Script("""
            offhook
            wait 800
            pulse 0664806430
            wait-guidance
            pulse 3 pps=20
            wait-guidance
            pulse 27182818
            wait-guidance
            pulse 27182818
            wait 2000
            flash 300
            onhook
            """), "--notify", "0300002222", "--area", "west");
        Assert.Contains("heard    0664806430 (dial pulses)", r.Stdout);
        Assert.Contains("password set for 0300002222 (unit 3 admin-user)", r.Stdout);
        Assert.Contains("phone    dials xxxxxxxx (10 pps)", r.Stdout);
        Assert.Contains("area West", r.Stdout);
        Assert.DoesNotContain("27182818", r.Stdout);
    }

    [Fact]
    public void AnUnknownNumberGoesToTheVoiceStack()
    {
        CliResult r = FxsCli.Ok("call", "--script", Script("offhook\nwait 500\ndtmf 0312345678\nwait 2000\nonhook\n"));
        Assert.Contains("(voice stack was asked for 0312345678)", r.Stdout);
        Assert.Contains("0 password(s) set", r.Stdout);
    }

    [Theory]
    [InlineData("offhook\njump 3\n", 2, "unknown action 'jump'")]
    [InlineData("# c\n\ndtmf 1\n", 3, "the phone is on hook")]
    [InlineData("offhook\ndtmf 12x\n", 2, "'X' is not a DTMF key")]
    [InlineData("offhook\ndtmf 1 level=-99\n", 2, "level")]
    [InlineData("offhook\ndtmf 1 speed=3\n", 2, "unknown option 'speed'")]
    [InlineData("offhook\nwait\n", 2, "wait needs one argument")]
    [InlineData("offhook\nwait -5\n", 2, "not a whole number")]
    [InlineData("offhook\npulse 1*\n", 2, "cannot be dialed")]
    [InlineData("offhook\npulse 1 pps=15\n", 2, "pps is 10 or 20")]
    [InlineData("offhook\noffhook\n", 2, "already off hook")]
    [InlineData("onhook\n", 1, "already on hook")]
    [InlineData("# nothing\n", 1, "no action")]
    public void ABadScriptExits3NamingTheLine(string text, int line, string message)
    {
        string path = Script(text);
        CliResult r = FxsCli.Run("call", "--script", path);
        Assert.Equal(3, r.Exit); // a bad input file, as in every command (issue #14 item 6)
        Assert.Empty(r.Stdout);
        Assert.StartsWith("fxs: call: " + path + ":" + line + ": ", r.Stderr);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void AMissingScriptIsBadInputAndABadLineIsUsage()
    {
        CliResult missing = FxsCli.Run("call", "--script", _dir.File("none.txt"));
        Assert.Equal(3, missing.Exit);
        Assert.Contains("cannot read the script", missing.Stderr);

        CliResult badNotify = FxsCli.Run("call", "--script", Script("offhook\n"), "--notify", "0399999999");
        Assert.Equal(2, badNotify.Exit);
        Assert.Equal("fxs: call: --notify: expected a number of the line: the contract number or an additional number (TP-2), found \"0399999999\"\n", badNotify.Stderr.Replace("\r", ""));

        CliResult badArea = FxsCli.Run("call", "--script", Script("offhook\n"), "--area", "north");
        Assert.Equal(2, badArea.Exit);

        CliResult unwritable = FxsCli.Run("call", "--script", Script("offhook\nwait 100\n"), "--record", _dir.File("no/such/dir/x.wav"));
        Assert.Equal(4, unwritable.Exit);
        Assert.Single(unwritable.StderrLines, l => l.Contains("cannot write", StringComparison.Ordinal));
    }
}
