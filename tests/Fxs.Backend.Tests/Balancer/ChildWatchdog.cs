using System.Diagnostics;

namespace Fxs.Backend.Tests.Balancer;

/// <summary>
/// The balancer test's processes (backend instances, HAProxy) must not outlive the test host, which
/// the runner may kill before any Dispose runs: a watchdog outside the host's process tree (as
/// <see cref="PostgresServer"/>'s) SIGKILLs the child once the host is gone.
/// </summary>
public static class ChildWatchdog
{
    public static void Watch(Process child)
    {
        // Ends with the child too (stopped by the test as usual), so it never kills a later process given the child's PID.
        string host = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string watchdog = $"while kill -0 {host} 2>/dev/null && kill -0 {child.Id} 2>/dev/null; do sleep 1; done; kill -0 {host} 2>/dev/null || kill -9 {child.Id} 2>/dev/null";
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (string a in new[] { "-c", $"setsid -f sh -c \"{watchdog}\" </dev/null >/dev/null 2>&1" }) { start.ArgumentList.Add(a); }
        using Process p = Process.Start(start)!;
        p.WaitForExit();
    }
}
