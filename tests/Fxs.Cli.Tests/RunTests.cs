using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Fxs.Cli.Tests;

// `fxs run`, the gateway daemon, as a real process: a call on the sim board through audio, the set
// password sealed into the outbox (the backend unreachable: nothing is lost), SIGTERM answered with a
// clean stop that leaves the outbox whole; and the refusals of bad boards and missing relays.
public sealed partial class RunTests : IDisposable
{
    private const string Password = "27182818";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

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

        using var db = new SqliteConnection("Data Source=" + _dir.File("outbox.db"));
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM outbox WHERE state = 0"));
        Assert.DoesNotContain(Password, (string)Scalar(db, "SELECT body FROM outbox")!);
    }

    [Fact]
    public void TP12_OnAFullOutboxTheCallerIsToldToCallAgainAndTheJsonLogSaysFailedNotStored()
    {
        // Issue #12: a real SQLite outbox at its cap (SQLITE_FULL), the daemon's own relay configuration.
        using (Fxs.Relay.Tests.FullOutbox.Open(_dir.File("outbox.db"))) { }
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

    private static List<JsonElement> JsonLines(string output)
    {
        var events = new List<JsonElement>();
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith('{')) { events.Add(JsonDocument.Parse(line).RootElement.Clone()); }
        }
        return events;
    }

    [Fact]
    public void SigtermInThePasswordStepEndsTheCallAndClearsItsBuffers()
    {
        string script = Write("half.txt", """
            offhook
            wait 800
            dtmf 0363044747
            wait-guidance
            dtmf 1
            wait-guidance
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
        using var db = new SqliteConnection("Data Source=" + _dir.File("outbox.db"));
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM outbox"));
    }

    [Fact]
    public void ALinuxBoardRunsItsWholeHalOnSimulatedPartsAndStopsAfterTheScript()
    {
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        foreach (string line in new[] { "ready: board raspberry-pi-ag1171", "IVR ended: set", "stored in the outbox" })
        {
            Assert.True(daemon.Output.Contains(line, StringComparison.Ordinal), "no '" + line + "' in:\n" + daemon.Output);
        }
        Assert.DoesNotContain(Password, daemon.Output);
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

    private string Write(string name, string text)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Line() => Write("line.json", """{"area": "east", "contract": "0300001111", "additional": ["0300002222"]}""");

    // A relay whose backend is unreachable (port 9 on loopback refuses): records wait in the outbox.
    private string Relay(long outboxMaxBytes = 0, string? outboxPath = null)
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hgw-test", key, HashAlgorithmName.SHA256);
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string pfx = _dir.File("device.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12));
        string json = JsonSerializer.Serialize(new
        {
            deviceId = "hgw-test",
            backendUrl = "https://127.0.0.1:9/",
            backendSpkiSha256 = new[] { Convert.ToBase64String(new byte[32]) },
            carrierSealingKey = Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()),
            clientCertificatePath = pfx,
            outboxPath = outboxPath ?? _dir.File("outbox.db"),
            outboxMaxBytes = outboxMaxBytes,
        });
        return Write("relay.json", json);
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using SqliteCommand c = db.CreateCommand();
        c.CommandText = sql;
        return c.ExecuteScalar();
    }

    // `dotnet fxs.dll ...` with its stdout and stderr collected line by line.
    private sealed class Daemon : IDisposable
    {
        private readonly Process _p;
        private readonly StringBuilder _out = new();
        private readonly BlockingCollection<string> _lines = new();

        private Daemon(Process p)
        {
            _p = p;
            p.OutputDataReceived += (_, e) => Take(e.Data);
            p.ErrorDataReceived += (_, e) => Take(e.Data);
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }

        public static Daemon Start(params string[] args)
        {
            string fxs = typeof(global::Fxs.Cli.Cli).Assembly.Location;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(fxs);
            foreach (string a in args) { start.ArgumentList.Add(a); }
            if (Array.IndexOf(args, "--log-format") < 0)
            {
                start.ArgumentList.Add("--log-format");
                start.ArgumentList.Add("text");
            }
            return new Daemon(Process.Start(start)!);
        }

        public string Output { get { lock (_out) { return _out.ToString(); } } }

        public int ExitCode => _p.ExitCode;

        public void WaitFor(string text, TimeSpan timeout, int count = 1)
        {
            var deadline = DateTime.UtcNow + timeout;
            int seen = 0;
            while (seen < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !_lines.TryTake(out string? line, left)) { Assert.Fail("no '" + text + "' within " + timeout + ":\n" + Output); return; }
                if (line.Contains(text, StringComparison.Ordinal)) { seen++; }
            }
        }

        // SIGTERM, as systemd stops a service; then wait for the process to finish.
        public void Terminate()
        {
            using (Process kill = Process.Start("kill", "-TERM " + _p.Id)) { kill.WaitForExit(); }
            Assert.True(WaitForExit(TimeSpan.FromSeconds(30)), "no exit within 30 s of SIGTERM:\n" + Output);
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_p.WaitForExit(timeout)) { return false; }
            _p.WaitForExit(); // drains the redirected streams
            return true;
        }

        public void Dispose()
        {
            if (!_p.HasExited) { _p.Kill(entireProcessTree: true); }
            _p.Dispose();
            _lines.Dispose();
        }

        private void Take(string? line)
        {
            if (line == null) { return; }
            lock (_out) { _out.AppendLine(line); }
            _lines.Add(line);
        }
    }
}
