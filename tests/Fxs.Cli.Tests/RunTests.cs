using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Fxs.Cli.Tests;

// `fxs run`, the gateway daemon, as a real process: a call on the sim board through audio, the set
// password sealed into the outbox (the backend unreachable: nothing is lost), SIGTERM answered with a
// clean stop that leaves the outbox whole; and the refusals of bad boards and missing relays.
public sealed class RunTests : DaemonTestBase
{
    [Fact]
    public void ASimCallSetsThePasswordStoresItSealedAndTheDaemonStopsCleanlyOnSigterm()
    {
        string script = Write("call.txt", CallScripts.Unit1 + "\nwait 600000\n");
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(), "--phone-script", script, "--pace", "max");
        daemon.WaitFor("stored in the outbox", TimeSpan.FromSeconds(90));
        daemon.Terminate();

        Assert.Equal(0, daemon.ExitCode);
        string log = daemon.Output;
        Assert.Contains("ready: board sim", log);
        Assert.Contains("password set for 0300001111 (unit 1 line)", log);
        Assert.Contains("IVR ended: set", log);
        Assert.Contains("stopped after", log);
        Assert.Matches(@"stopped; 1 record pending in the outbox, oldest \d+ s", log); // issue #15: every stop says so
        Assert.DoesNotContain(Password, log);

        using var db = new SqliteConnection("Data Source=" + Dir.File("outbox.db"));
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM outbox WHERE state = 0"));
        Assert.DoesNotContain(Password, (string)Scalar(db, "SELECT body FROM outbox")!);
    }

    [Fact]
    public void TP12_OnAFullOutboxTheCallerIsToldToCallAgainAndTheJsonLogSaysFailedNotStored()
    {
        // Issue #12: a real SQLite outbox at its cap (SQLITE_FULL), the daemon's own relay configuration.
        using (Fxs.Relay.Tests.FullOutbox.Open(Dir.File("outbox.db"))) { }
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(Fxs.Relay.Tests.FullOutbox.CapBytes),
            "--phone-script", script, "--pace", "max", "--exit-after-script", "--log-format", "json");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        JsonElement ended = JsonLines(daemon.Output).Single(e => e.GetProperty("EventId").GetInt32() == 7).GetProperty("State");
        Assert.Equal("failed", ended.GetProperty("Outcome").GetString());
        Assert.Equal("not-stored", ended.GetProperty("Reason").GetString());
        Assert.Contains("database or disk is full", daemon.Output);
        Assert.DoesNotContain("password set for", daemon.Output);
        Assert.DoesNotContain(Password, daemon.Output);
    }

    [Fact]
    public void AnOutboxThatCannotBeOpenedAtStartDoesNotStopTheDaemonAndTheCallerIsToldToCallAgain()
    {
        // Issue #12: where the outbox's directory should be there is a file (the medium refuses it).
        string blocker = Write("var", "not a directory");
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(outboxPath: Path.Combine(blocker, "outbox.db")),
            "--phone-script", script, "--pace", "max", "--exit-after-script");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        Assert.Contains("cannot be opened", daemon.Output);
        Assert.Contains("IVR ended: failed (not-stored)", daemon.Output);
        Assert.DoesNotContain("password set for", daemon.Output);
    }

    [Fact]
    public void SigtermInThePasswordStepEndsTheCallAndClearsItsBuffers()
    {
        string script = Write("half.txt", CallScripts.ToThePasswordStep + """
            dtmf 2718
            wait 600000
            """);
        using var daemon = Daemon.Start("run", "--board", "sim", "--line", Line(), "--relay", Relay(), "--phone-script", script, "--verbose");
        // Real time: the fourth password key is heard about 15 s in; the IVR then waits for the fifth.
        daemon.WaitFor("heard x", TimeSpan.FromSeconds(90), count: 4);
        daemon.Terminate();

        Assert.Equal(0, daemon.ExitCode);
        Assert.Contains("IVR buffers cleared: True", daemon.Output);
        Assert.DoesNotContain("2718", daemon.Output.Replace("0363044747", "", StringComparison.Ordinal));
        using var db = new SqliteConnection("Data Source=" + Dir.File("outbox.db"));
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM outbox"));
    }

    [Fact]
    public void ABoardFileWithATypoIsRefusedNamingTheFileAndTheField()
    {
        string board = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "boards", "raspberry-pi-ag1171.json"))
            .Replace("\"activeLow\"", "\"activLow\"", StringComparison.Ordinal);
        string path = Write("raspberry-pi-ag1171.json", board);
        CliResult r = FxsCli.Run("run", "--board", path, "--line", Line(), "--relay", Relay());
        Assert.Equal(3, r.Exit);
        Assert.StartsWith("fxs run: " + path + ": ", r.Stderr);
        Assert.Contains("activLow", r.Stderr);
        Assert.Contains("activeLow", r.Stderr);
    }

    [Fact]
    public void ALinuxBoardWithoutARelayIsRefused()
    {
        CliResult r = FxsCli.Run("run", "--board", "raspberry-pi-ag1171", "--line", Line());
        Assert.Equal(2, r.Exit);
        Assert.Contains("needs --relay FILE", r.Stderr);
    }

    [Fact]
    public void TheNanoFrameworkBoardIsNotRunHere()
    {
        CliResult r = FxsCli.Run("run", "--board", "nanoframework-esp32", "--line", Line());
        Assert.Equal(2, r.Exit);
        Assert.Contains("compile check", r.Stderr);
    }
}
