using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Fxs.Relay.Tests;

/// <summary>
/// <c>fxs run</c>, the gateway daemon, as a real process (<c>dotnet fxs.dll run ...</c>, text log),
/// optionally under Debian's libfaketime (<see cref="FakeTime"/>): its output collected line by
/// line, waited on, stopped with SIGTERM as systemd stops it.
/// </summary>
public sealed class FxsDaemon : IDisposable
{
    /// <summary>Debian's libfaketime (package faketime).</summary>
    public const string LibFakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private readonly Process _p;
    private readonly StringBuilder _out = new();
    private readonly BlockingCollection<string> _lines = new();

    private FxsDaemon(Process p)
    {
        _p = p;
        p.OutputDataReceived += (_, e) => Take(e.Data);
        p.ErrorDataReceived += (_, e) => Take(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <c>fxs</c> with <paramref name="args"/>. With <paramref name="fakeTime"/> (libfaketime's
    /// FAKETIME: "+25h", "-1h", "@2000-01-01 00:00:00") the wall clock (CLOCK_REALTIME) is faked and
    /// the monotonic clocks are left real (FAKETIME_DONT_FAKE_MONOTONIC=1), as a gateway's wrong
    /// date would be.
    /// </summary>
    public static FxsDaemon Start(string? fakeTime, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fxs.dll"));
        foreach (string a in args) { start.ArgumentList.Add(a); }
        start.ArgumentList.Add("--log-format");
        start.ArgumentList.Add("text");
        if (fakeTime is not null)
        {
            start.Environment["LD_PRELOAD"] = LibFakeTime;
            start.Environment["FAKETIME"] = fakeTime;
            start.Environment["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
            start.Environment["FAKETIME_DONT_RESET"] = "1"; // child processes (none expected) keep the same offset
        }
        return new FxsDaemon(Process.Start(start)!);
    }

    public string Output { get { lock (_out) { return _out.ToString(); } } }

    public int ExitCode => _p.ExitCode;

    /// <summary>Waits for the <paramref name="count"/>-th line containing <paramref name="text"/> (from where the last wait stopped); returns it.</summary>
    public string WaitFor(string text, TimeSpan timeout, int count = 1)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        int seen = 0;
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out string? line, left))
            {
                Assert.Fail("no '" + text + "' within " + timeout + ":\n" + Output);
                return "";
            }
            if (line.Contains(text, StringComparison.Ordinal) && ++seen == count) { return line; }
        }
    }

    /// <summary>SIGTERM, then the exit.</summary>
    public void Terminate()
    {
        using (Process kill = Process.Start("kill", "-TERM " + _p.Id)) { kill.WaitForExit(); }
        Assert.True(_p.WaitForExit(TimeSpan.FromSeconds(30)), "no exit within 30 s of SIGTERM:\n" + Output);
        _p.WaitForExit();
    }

    public void Dispose()
    {
        try { if (!_p.HasExited) { _p.Kill(entireProcessTree: true); _p.WaitForExit(5000); } } catch (InvalidOperationException) { }
        _p.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null) { return; }
        lock (_out) { _out.AppendLine(line); }
        _lines.Add(line);
    }
}
