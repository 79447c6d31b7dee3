using System;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace Fxs.Cli.Tests;

// Issue #15 item 3: `fxs status` reads a running daemon's state over its Unix socket: the daemon is a real
// `fxs run` process on the sim board, `fxs status` the client (in process, as a person runs it).
public sealed class RunStatusTests : DaemonTestBase
{
    private static CliResult StatusUntil(string socket, Func<CliResult, bool> done, TimeSpan timeout, string daemonOutput)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        CliResult r;
        while (!done(r = FxsCli.Run("status", "--status-socket", socket)))
        {
            Assert.True(DateTime.UtcNow < deadline, "fxs status never showed what was awaited; last:\n" + r + "\ndaemon:\n" + daemonOutput);
            Thread.Sleep(200);
        }
        return r;
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void StatusShowsThePortOffHookInTheIvrsPasswordStepThenNothingOnceTheDaemonHasStopped()
    {
        string socket = Dir.File("status.sock");
        string script = Write("half.txt", CallScripts.ToThePasswordStep + "wait 600000\n");
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(), "--phone-script", script, "--status-socket", socket);
        daemon.WaitFor("status on " + socket, TimeSpan.FromSeconds(60));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(socket));

        CliResult r = StatusUntil(socket, c => c.Stdout.Contains("IVR step password-entry", StringComparison.Ordinal), TimeSpan.FromSeconds(90), daemon.Output);
        Assert.Equal(0, r.Exit);
        Assert.Equal(new[] { "board sim: port off-hook, call state ivr, IVR step password-entry", "outbox: 0 pending", "last delivery error: none" }, r.StdoutLines);
        using (JsonDocument json = JsonDocument.Parse(FxsCli.Ok("status", "--status-socket", socket, "--json").Stdout))
        {
            Assert.Equal("off-hook", json.RootElement.GetProperty("port").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("outbox").GetProperty("pending").GetInt32());
        }

        daemon.Terminate();
        Assert.False(File.Exists(socket), "the socket is removed at stop");
        CliResult gone = FxsCli.Run("status", "--status-socket", socket);
        Assert.Equal(ExitCodes.BadInput, gone.Exit);
        Assert.StartsWith("fxs status: no daemon answers on " + socket + " (", Assert.Single(gone.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusShowsAPendingRecordAndTheLastDeliveryErrorNeverThePassword()
    {
        string socket = Dir.File("status.sock");
        string script = Write("call.txt", CallScripts.Unit1 + "\nwait 600000\n");
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(), "--phone-script", script, "--pace", "max",
            "--status-socket", socket);
        daemon.WaitFor("stored in the outbox", TimeSpan.FromSeconds(90));

        CliResult r = StatusUntil(socket, c => c.Stdout.Contains("last delivery error: Http", StringComparison.Ordinal), TimeSpan.FromSeconds(60), daemon.Output);
        Assert.Equal("board sim: port on-hook, call state idle, IVR step idle", r.StdoutLines[0]);
        Assert.Matches(@"^outbox: 1 pending, the oldest \d+ s old$", r.StdoutLines[1]);
        Assert.StartsWith("last delivery error: HttpRequestException: Connection refused", r.StdoutLines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(Password, r.Stdout);
        daemon.Terminate();
    }
}
