using System;
using System.IO;
using System.Linq;

namespace Fxs.Cli.Tests;

// Issue #16 item 5: `--expect OUTCOME` on `fxs replay` and `fxs call`: a call whose outcome differs exits 8
// with one line on stderr naming both, so a scripted regression run can tell; the transcript is printed all the same.
public sealed class ExpectTests : IDisposable
{
    private const string Contract = "0300001111";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ReplayWav(ReplayCaller caller, string name) => caller.WriteWav(_dir.File(name + ".wav"));

    private string Script(string text)
    {
        string path = _dir.File("call-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Replay_TheExpectedOutcomeExits0()
    {
        string wav = ReplayWav(new ReplayCaller().Wait(800).Keys("0312345678").Wait(3000), "outgoing");
        CliResult r = FxsCli.Run("replay", wav, "--contract", Contract, "--expect", "outgoing");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Replay_AnotherOutcomeExits8WithOneLineSayingExpectedAndGot()
    {
        string wav = ReplayWav(new ReplayCaller().Wait(3000), "nocall");
        CliResult r = FxsCli.Run("replay", wav, "--contract", Contract, "--expect", "set");
        Assert.True(r.Exit == 8, r.ToString());
        Assert.Equal("fxs replay: expected outcome set, got no-call", r.StderrLines.Single());
        Assert.Contains("no-call: no number was dialed", r.Stdout); // the transcript is printed all the same
    }

    [Fact]
    public void Replay_AnUnknownOutcomeIsAUsageError()
    {
        string wav = ReplayWav(new ReplayCaller().Wait(100), "short");
        CliResult r = FxsCli.Run("replay", wav, "--contract", Contract, "--expect", "done");
        Assert.True(r.Exit == 2, r.ToString());
        Assert.Contains("no-call", r.Stderr); // the choices are listed
    }

    [Fact]
    public void Call_TheExpectedOutcomeExits0()
    {
        CliResult r = FxsCli.Run("call", "--script", Script(CallScripts.Unit1), "--expect", "set");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Call_AnAbandonedCallExpectedSetExits8()
    {
        CliResult r = FxsCli.Run("call", "--script", Script("""
            offhook
            wait 800
            dtmf 0363044747
            wait-guidance
            dtmf 1
            wait 2000
            onhook
            """), "--expect", "set");
        Assert.True(r.Exit == 8, r.ToString());
        Assert.Equal("fxs: call: expected outcome set, got abandoned", r.StderrLines.Single());
    }

    [Fact]
    public void Call_TheOutcomeIsTheLastCallsOfTheScript()
    {
        // A set password, then a second call that dials nothing: the script's outcome is the last call's.
        string script = CallScripts.Unit1 + "\nwait 1000\noffhook\nwait 2000\nonhook\n";
        CliResult r = FxsCli.Run("call", "--script", Script(script), "--expect", "set");
        Assert.True(r.Exit == 8, r.ToString());
        Assert.Equal("fxs: call: expected outcome set, got no-call", r.StderrLines.Single());
    }
}
