using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Fxs.Cli.SelfTest;

// Runs every check and prints one line per check: "ok   NAME: what was shown" or "FAIL NAME: expected
// …, found …"; then the total time. The recording and the prompt directory are given, not looked up,
// so tests can hand in a damaged recording or a missing directory and see the real failure path.
internal sealed class SelfTestRunner
{
    private readonly byte[] _recording;
    private readonly string _promptDirectory;

    public SelfTestRunner(byte[] recording, string promptDirectory)
    {
        _recording = recording;
        _promptDirectory = promptDirectory;
    }

    public int Run(TextWriter stdout)
    {
        var total = Stopwatch.StartNew();
        SelfTestResult[] results =
        {
            Timed(() => DtmfCheck.Run(_recording)),
            Timed(() => CallCheck.Run(_promptDirectory)),
            Timed(OutboxCheck.Run),
            Timed(() => DaemonCheck.Run(_promptDirectory)),
        };
        int failed = 0;
        foreach (SelfTestResult r in results)
        {
            Print(r, stdout);
            if (!r.Passed) { failed++; }
        }
        return Summary(results.Length, failed, total.Elapsed, stdout);
    }

    /// <summary>One check's line: "ok   NAME: detail (N ms)" or "FAIL NAME: expected …, found … (N ms)".</summary>
    internal static void Print(SelfTestResult r, TextWriter stdout) =>
        stdout.WriteLine((r.Passed ? "ok   " : "FAIL ") + r.Name + ": " + r.Detail + string.Format(CultureInfo.InvariantCulture, " ({0} ms)", r.Milliseconds));

    /// <summary>The last line, and the exit code: 0, or 6 when a check failed.</summary>
    internal static int Summary(int checks, int failed, System.TimeSpan total, TextWriter stdout)
    {
        stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "selftest: {0} of {1} checks passed in {2:F2} s{3}",
            checks - failed, checks, total.TotalSeconds, failed == 0 ? "" : "; FAILED"));
        return failed == 0 ? ExitCodes.Ok : ExitCodes.SelfTestFailed;
    }

    internal static SelfTestResult Timed(System.Func<SelfTestResult> check)
    {
        var watch = Stopwatch.StartNew();
        SelfTestResult r = check();
        return r with { Milliseconds = watch.ElapsedMilliseconds };
    }
}

/// <summary>One check's verdict; Detail never holds a password digit.</summary>
internal sealed record SelfTestResult(string Name, bool Passed, string Detail, long Milliseconds = 0)
{
    public static SelfTestResult Ok(string name, string detail) => new(name, true, detail);

    public static SelfTestResult Fail(string name, string detail) => new(name, false, detail);
}
