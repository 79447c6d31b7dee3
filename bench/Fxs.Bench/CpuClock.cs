using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fxs.Bench;

/// <summary>CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)); falls back to the process's CPU time.</summary>
public static class CpuClock
{
    private const int ClockThreadCpuTimeId = 3;
    private static bool s_threadClockWorks = true;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out Timespec ts);

    /// <summary>What <see cref="Now"/> measures: "thread" or "process".</summary>
    public static string Source => s_threadClockWorks && TryThread(out _) ? "thread" : "process";

    /// <summary>CPU seconds so far.</summary>
    public static double Now()
    {
        if (s_threadClockWorks && TryThread(out double t)) { return t; }
        s_threadClockWorks = false;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    private static bool TryThread(out double seconds)
    {
        seconds = 0;
        if (!OperatingSystem.IsLinux()) { return false; }
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out Timespec ts) != 0) { return false; }
            seconds = ts.Seconds + ts.Nanoseconds * 1e-9;
            return true;
        }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }
}
