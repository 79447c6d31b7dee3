using System;
using System.IO;

namespace Fxs.Cli.Tests;

// Issue #15, item 7: board kind "external", a SLIC run by a vendor daemon in another process, speaking
// the external protocol (boards/PORTING.md) over a Unix socket. The daemon here is Fxs.FakeSlicDaemon,
// its own .NET process with the sim line's model phone as its hardware.
public sealed class RunExternalTests : DaemonTestBase
{
    [Fact]
    public void AVendorDaemonInAnotherProcessCarriesAWholeTemporaryPasswordCallOverTheSocket()
    {
        string socket = Dir.File("slic.sock");
        string board = ExternalBoard(socket);
        using var vendor = Daemon.StartProgram(typeof(global::Fxs.FakeSlicDaemon.Program).Assembly.Location, socket);
        vendor.WaitFor("listening on " + socket, TimeSpan.FromSeconds(60));

        using var fxs = Daemon.Start("run", "--board", board, "--line", Line(), "--relay", Relay(), "--verbose");
        Assert.True(vendor.WaitForExit(TimeSpan.FromSeconds(180)), "the vendor daemon did not finish its call:\n" + vendor.Output + "\nfxs:\n" + fxs.Output);
        Assert.True(vendor.ExitCode == 0, vendor.Output + "\nfxs:\n" + fxs.Output);
        // The daemon heard the IVR's guidance frames come back (several seconds of them: four prompts).
        string summary = vendor.Output;
        int loud = int.Parse(Between(summary, "loud frames played ", ","), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(loud > 300, summary);
        // The daemon went away after hanging up: fxs takes the line as on hook and keeps trying to reconnect.
        fxs.WaitFor("went away", TimeSpan.FromSeconds(30));
        fxs.Terminate();

        Assert.True(fxs.ExitCode == 0, fxs.Output);
        foreach (string line in new[] { "ready: board external-test", "vendor SLIC daemon on " + socket, "decided IVR ended: set", "stored in the outbox" })
        {
            Assert.True(fxs.Output.Contains(line, StringComparison.Ordinal), "no '" + line + "' in:\n" + fxs.Output);
        }
        Assert.DoesNotContain(Password, fxs.Output);
    }

    [Fact]
    public void AnExternalBoardWhoseDaemonIsNotThereIsOneLineAndExit7()
    {
        string socket = Dir.File("nobody.sock");
        (int exit, string stdout, string stderr) = RunFxs("run", "--board", ExternalBoard(socket), "--line", Line(), "--relay", Relay());

        Assert.True(exit == 7, "exit " + exit + "\n" + stdout + stderr);
        Assert.StartsWith("fxs run: external SLIC daemon socket " + socket + " cannot be reached (", OnlyLine(stderr));
        Assert.EndsWith("): start the vendor daemon first (it listens there), or set external.socket in the board file", OnlyLine(stderr));
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void TheEndOfLineTestOfAnExternalBoardRunsThroughItsVendorDaemon()
    {
        string socket = Dir.File("slic.sock");
        string board = ExternalBoard(socket);
        using var vendor = Daemon.StartProgram(typeof(global::Fxs.FakeSlicDaemon.Program).Assembly.Location, socket, "--idle");
        vendor.WaitFor("listening on " + socket, TimeSpan.FromSeconds(60));

        // The relay's backend is unreachable here (port 9), so its checks fail: the board's own checks are what this test is about.
        CliResult r = FxsCli.Run("selftest", "--board", board, "--line", Line(), "--relay", Relay());

        Assert.True(r.Exit == ExitCodes.SelfTestFailed, r.ToString());
        Assert.StartsWith("ok   gpio: the hook switch of external-test: vendor SLIC daemon on " + socket
            + " (external protocol 1, 16-bit linear frames): the loop is open (on hook)", r.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("ok   audio: the frames of external-test", r.StdoutLines[1], StringComparison.Ordinal);
        // The vendor line's hybrid echoes what fxs plays, 6 dB down (the sim line's default), one frame after it was queued.
        Assert.Contains("\"echoDelayFrames\": 1 in the board file is right", Assert.Single(r.StdoutLines, l => l.StartsWith("ok   echo: ", StringComparison.Ordinal)));
        Assert.Single(r.StdoutLines, l => l.StartsWith("ok   level: ", StringComparison.Ordinal));
        Assert.Single(r.StdoutLines, l => l.StartsWith("ok   prompts: ", StringComparison.Ordinal));
        Assert.True(vendor.WaitForExit(TimeSpan.FromSeconds(30)), "the vendor daemon did not see fxs close the session:\n" + vendor.Output);
        Assert.Equal(0, vendor.ExitCode);
    }

    private string ExternalBoard(string socket) => Write("external-test.json", $$"""
        {
          "name": "external-test",
          "description": "the fake vendor daemon",
          "kind": "external",
          "runtimes": ["linux-x64"],
          "echoDelayFrames": 1,
          "external": { "socket": "{{socket}}" }
        }
        """);

    private static string Between(string text, string before, string after)
    {
        int start = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, "no '" + before + "' in: " + text);
        start += before.Length;
        int end = text.IndexOf(after, start, StringComparison.Ordinal);
        return text.Substring(start, end - start);
    }
}
