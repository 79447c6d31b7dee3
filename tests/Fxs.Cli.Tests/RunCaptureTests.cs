using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Fxs.Core.Line;
using Fxs.Host.Config;
using Fxs.Host.Events;
using Fxs.Host.Prompts;
using Fxs.Host.Recording;
using Fxs.Host.Sim;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

// Issue #16 item 1: `fxs run --record-dir` captures each call the daemon runs, and `fxs replay FOLDER` replays it as
// the gateway ran it; the captures keep within --record-max-mb (oldest first) and a full disk costs only that call's capture.
public sealed class RunCaptureTests : DaemonTestBase
{
    // One password call, then a short idle: the capture ends 200 ms after the port is idle again.
    private const string Unit1ThenIdle = CallScripts.Unit1 + "\nwait 1000\n";

    [Fact]
    public void ACallOnALinuxBoardsHalWithSimulatedPartsIsCapturedAndReplaysWithTheGatewaysEventsAndOutcome()
    {
        string dir = Dir.File("captures");
        string script = Write("call.txt", Unit1ThenIdle);
        using var daemon = Daemon.Start("run", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script", "--log-format", "json", "--record-dir", dir, "--record-secrets");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(180)), daemon.Output);
        Assert.True(daemon.ExitCode == 0, daemon.Output);

        string call = Assert.Single(Directory.GetDirectories(dir));
        using (var wav = new WaveFileReader(Path.Combine(call, "call.wav")))
        {
            Assert.Equal(new WaveFormat(8000, 16, 2), wav.WaveFormat);
        }
        Assert.Equal(CallRecorder.KeptComment, RecordingTests.InfoComment(Path.Combine(call, "call.wav")));
        JsonElement info = JsonDocument.Parse(File.ReadAllText(Path.Combine(call, "capture.json"))).RootElement;
        Assert.Equal("kept", info.GetProperty("passwordKeys").GetString());
        Assert.Equal("raspberry-pi-ag1171", info.GetProperty("board").GetString());

        // The published path: `fxs replay FOLDER`, its events against the gateway's own account of the call.
        CliResult text = FxsCli.Ok("replay", call, "--expect", "set");
        Assert.Matches(@"capture: same \d+ events and outcome \(set\) as the gateway's call", text.Stdout);
        CliResult json = FxsCli.Ok("replay", call, "--json");
        string[] replayed = json.StdoutLines;
        Assert.Equal(File.ReadAllLines(Path.Combine(call, "events.jsonl")), replayed[..^1]);
        Assert.Equal("set", JsonDocument.Parse(replayed[^1]).RootElement.GetProperty("outcome").GetString());

        // And against the daemon's log, independently of the capture's events: the IVR ended at the same line time.
        long startMs = info.GetProperty("startLineMs").GetInt64();
        long endedMs = JsonLines(daemon.Output).Single(e => e.GetProperty("EventId").GetInt32() == 7).GetProperty("State").GetProperty("LineMs").GetInt64();
        JsonElement ended = replayed.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("type").GetString() == "ivr-ended");
        Assert.Equal(endedMs - startMs, ended.GetProperty("t_ms").GetInt64());
        Assert.Contains("call captured: " + Path.GetFileName(call), daemon.Output);
    }

    [Fact]
    public void TheSimBoardKeepsThePasswordKeysAndTheCapturesKeepWithinTheirBoundOldestFirst()
    {
        string dir = Dir.File("captures");
        // Three calls of about 12 s (400 kB each): two fit in 1 MB.
        string oneCall = "offhook\nwait 12000\nonhook\nwait 1000\n";
        string script = Write("calls.txt", oneCall + oneCall + oneCall);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--phone-script", script, "--pace", "max", "--exit-after-script",
            "--record-dir", dir, "--record-max-mb", "1");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);
        Assert.True(daemon.ExitCode == 0, daemon.Output);

        string[] captured = daemon.Output.Split('\n').Where(l => l.Contains("call captured: ", StringComparison.Ordinal))
            .Select(l => l.Split("call captured: ")[1].Split(' ')[0]).ToArray();
        Assert.Equal(3, captured.Length);
        Assert.Contains("oldest capture " + captured[0] + " deleted", daemon.Output);
        Assert.Equal(captured[1..], Directory.GetDirectories(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        long total = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(total, 1, 1_000_000);
        string call = Path.Combine(dir, captured[2]);
        Assert.Equal("kept", JsonDocument.Parse(File.ReadAllText(Path.Combine(call, "capture.json"))).RootElement.GetProperty("passwordKeys").GetString());
        Assert.Contains("capture: same ", FxsCli.Ok("replay", call, "--expect", "no-call").Stdout);
    }

    [Fact]
    public void OnAFullDiskOnlyThatCallsCaptureIsLostWithOneLogLineAndTheDaemonGoesOn()
    {
        // A 256 KiB tmpfs as the capture folder (the tests run as root, as the CI does): a 2 s call fits, a 12 s one does not.
        string dir = Directory.CreateDirectory(Dir.File("small-disk")).FullName;
        Mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", dir);
        try
        {
            string script = Write("calls.txt", "offhook\nwait 2000\nonhook\nwait 1000\n" + "offhook\nwait 12000\nonhook\nwait 1000\n"
                + "offhook\nwait 2000\nonhook\nwait 1000\n");
            using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--phone-script", script, "--pace", "max", "--exit-after-script",
                "--record-dir", dir);
            Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);
            Assert.True(daemon.ExitCode == 0, daemon.Output);

            string[] failed = daemon.Output.Split('\n').Where(l => l.Contains("stopped, the call itself was not disturbed", StringComparison.Ordinal)).ToArray();
            Assert.Single(failed);
            Assert.Contains("No space left on device", failed[0]);
            Assert.Equal(2, daemon.Output.Split('\n').Count(l => l.Contains("call captured: ", StringComparison.Ordinal)));
            Assert.Equal(3, daemon.Output.Split('\n').Count(l => l.Contains("heard on-hook", StringComparison.Ordinal)));
            string[] calls = Directory.GetDirectories(dir);
            Assert.Equal(2, calls.Length);
            Assert.All(calls, c => Assert.DoesNotContain(".partial", c));
            Assert.All(calls, c => Assert.Contains("capture: same ", FxsCli.Ok("replay", c).Stdout));
        }
        finally
        {
            Mount("-u", dir);
        }
    }

    [Fact]
    public void TP11_DtmfDecodeIvrMaskOnACaptureFolderTakesItsLineAndHookAndMasksThePassword()
    {
        string dir = Dir.File("captures");
        string script = Write("call.txt", Unit1ThenIdle);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--phone-script", script, "--pace", "max", "--exit-after-script",
            "--record-dir", dir);
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);
        string call = Assert.Single(Directory.GetDirectories(dir));

        // The sim board keeps the keys (a bench): in clear without --ivr-mask, masked with it, by the capture's own line.
        CliResult clear = FxsCli.Ok("dtmf", "decode", call);
        Assert.Equal("03630447471" + Password + Password, string.Concat(clear.StdoutLines.Select(l => l.Split(' ')[1])));
        CliResult masked = FxsCli.Ok("dtmf", "decode", call, "--ivr-mask");
        Assert.Equal("03630447471" + new string('x', 16), string.Concat(masked.StdoutLines.Select(l => l.Split(' ')[1])));
        Assert.DoesNotContain(Password, masked.Stdout + masked.Stderr);

        CliResult twice = FxsCli.Run("dtmf", "decode", call, "--ivr-mask", "--line", Line());
        Assert.Equal(2, twice.Exit);
        Assert.Contains("is a call capture: it gives its line and hook timeline", twice.Stderr);
    }

    [Fact]
    public void CaptureOptionsWithoutARecordDirAreRefused()
    {
        CliResult r = FxsCli.Run("run", "--board", "sim", "--line", Line(), "--record-secrets");
        Assert.Equal(2, r.Exit);
        Assert.Contains("need --record-dir DIR", r.Stderr);
        r = FxsCli.Run("run", "--board", "sim", "--line", Line(), "--record-dir", Dir.File("c"), "--record-max-mb", "0");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--record-max-mb 0", r.Stderr);
    }

    // mount(8) / umount(8) ("-u" DIR: unmount).
    private static void Mount(params string[] args)
    {
        bool unmount = args[0] == "-u";
        var start = new ProcessStartInfo(unmount ? "umount" : "mount") { RedirectStandardError = true };
        foreach (string a in unmount ? args[1..] : args) { start.ArgumentList.Add(a); }
        using Process p = Process.Start(start)!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, (unmount ? "umount " : "mount ") + string.Join(' ', args) + " failed (this test mounts a small tmpfs: it needs root): " + error);
    }
}
