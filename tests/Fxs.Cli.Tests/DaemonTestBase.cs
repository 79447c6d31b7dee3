using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Fxs.Cli.Tests;

/// <summary>
/// What the tests of `fxs run` share: a temporary folder per test, the line and relay files, and the daemon as a real
/// process. Each group of them is its own class, so xUnit runs the groups side by side (xunit.runner.json): the calls on
/// a Linux board's simulated parts run in real time, over a minute each, and mostly wait.
/// </summary>
public abstract class DaemonTestBase : IDisposable
{
    protected const string Password = "27182818";

    private protected readonly TempDir Dir = new();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static List<JsonElement> JsonLines(string output)
    {
        var events = new List<JsonElement>();
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith('{')) { events.Add(JsonDocument.Parse(line).RootElement.Clone()); }
        }
        return events;
    }

    /// <summary>
    /// `fxs run` on a Linux board's whole HAL with simulated parts (<c>--simulated-hardware</c>), one password call
    /// (CallScripts.Unit1), then the daemon's exit after the script: ready, the IVR ended with the password set,
    /// the record stored, no password digit in the log.
    /// </summary>
    protected void WholeCallOnSimulatedParts(string board)
    {
        string script = Write("call.txt", CallScripts.Unit1);
        using var daemon = Daemon.Start("run", "--board", board, "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(120)), daemon.Output);

        Assert.True(daemon.ExitCode == 0, daemon.Output);
        foreach (string line in new[] { "ready: board " + board, "decided IVR ended: set", "stored in the outbox" })
        {
            Assert.True(daemon.Output.Contains(line, StringComparison.Ordinal), "no '" + line + "' in:\n" + daemon.Output);
        }
        Assert.DoesNotContain(Password, daemon.Output);
    }

    protected string Write(string name, string text)
    {
        string path = Dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    protected string Line() => Write("line.json", """{"area": "east", "contract": "0300001111", "additional": ["0300002222"]}""");

    // A relay whose backend is unreachable (port 9 on loopback refuses): records wait in the outbox.
    protected string Relay(long outboxMaxBytes = 0, string? outboxPath = null)
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hgw-test", key, HashAlgorithmName.SHA256);
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string pfx = Dir.File("device.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12));
        string json = JsonSerializer.Serialize(new
        {
            deviceId = "hgw-test",
            backendUrl = "https://127.0.0.1:9/",
            backendSpkiSha256 = new[] { Convert.ToBase64String(new byte[32]) },
            carrierSealingKey = Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()),
            clientCertificatePath = pfx,
            outboxPath = outboxPath ?? Dir.File("outbox.db"),
            outboxMaxBytes = outboxMaxBytes,
        });
        return Write("relay.json", json);
    }

    protected static object? Scalar(SqliteConnection db, string sql)
    {
        using SqliteCommand c = db.CreateCommand();
        c.CommandText = sql;
        return c.ExecuteScalar();
    }

    // `dotnet fxs.dll ...` with its stdout and stderr collected line by line.
    protected sealed class Daemon : IDisposable
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
            // Daemons run side by side here: none takes the default status socket (/run/fxs/status.sock) unless a test asks.
            if (args.Length > 0 && args[0] == "run" && Array.IndexOf(args, "--status-socket") < 0)
            {
                start.ArgumentList.Add("--status-socket");
                start.ArgumentList.Add("none");
            }
            return new Daemon(Process.Start(start)!);
        }

        /// <summary>Another .NET program of the tests as a process (the vendor SLIC daemon stand-in): `dotnet DLL ARGS`.</summary>
        public static Daemon StartProgram(string dll, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            foreach (string a in args) { start.ArgumentList.Add(a); }
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

    protected static string OnlyLine(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line, found " + lines.Length + ":\n" + text);
        return lines[0].TrimEnd('\r');
    }

    // `dotnet fxs.dll ...` as systemd starts it: its own process, stdout and stderr apart.
    protected static (int Exit, string Stdout, string Stderr) RunFxs(params string[] args) =>
        Run("dotnet", new[] { typeof(global::Fxs.Cli.Cli).Assembly.Location }.Concat(args).Concat(new[] { "--log-format", "text" }).ToArray());

    protected static (int Exit, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) { start.ArgumentList.Add(a); }
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), program + " did not exit within 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
