// Whole-process speed (issue #11, "fast from the first sample"), loaded by build.cake:
//
//   dotnet cake --target=BenchProcess    `fxs dtmf decode` on a 1-hour file as a whole process
//                                        (user+sys to the ms, best of 5) beside spandsp's dtmf_rx
//                                        (bench/process/spandsp_dtmf_file.c on Debian's libspandsp) and
//                                        multimon-ng -a DTMF, in one run; goal ≥ 4× faster than spandsp,
//                                        floor 2× (the target fails under the floor).
//   dotnet cake --target=FootprintAot    the device edition published with NativeAOT for linux-x64, its
//                                        size, start-up to ready and RSS after a full call, measured as
//                                        `--target=Footprint` measures the shipped (JIT) artefact.
//
// fxs runs in two forms: the bench edition as built (JIT) and the device edition with NativeAOT
// (`-p:FxsEdition=device -p:PublishAot=true`; the bench edition does not AOT-compile, see the README).
// The signal: 3600 keys (0-9 * # A-D in turn, 100 ms on, 900 ms off, -20 dBm0 per tone, white noise
// 20 dB under a tone, seed 1), 16-bit PCM, made by `fxs dtmf generate`.
#nullable enable
using System.Diagnostics;
using System.Globalization;

public sealed record ProcessTiming(string Tool, string Command, double UserS, double SysS, double RealS, long MaxRssKb, int Digits)
{
    public double CpuS => UserS + SysS;
}

public static class ProcessBench
{
    public const int Runs = 5;
    public const int Keys = 3600; // one a second for an hour
    public const double GoalRatio = 4.0;
    public const double FloorRatio = 2.0;

    /// <summary>
    /// Publishes the device edition with NativeAOT for RID (linux-x64 by default) into DIR (wiped first); the
    /// stripped symbols go to DIR.dbg/. linux-arm64 is cross-compiled on an x64 host: Debian's clang with
    /// --target=aarch64-linux-gnu, lld and llvm-objcopy, against the arm64 multiarch C runtime
    /// (libc6-dev:arm64, libgcc-12-dev:arm64, zlib1g-dev:arm64 from .ci/run) instead of a sysroot.
    /// </summary>
    public static string PublishAot(string repo, string dir, string obj, Action<string> log, string rid = "linux-x64")
    {
        Wipe(dir);
        Wipe(obj);
        var args = new List<string>
        {
            "publish", DevicePublish.Project, "-c", "Release", "-r", rid,
            "-p:FxsEdition=device", "-p:PublishAot=true", "--artifacts-path", obj, "-o", dir,
        };
        bool cross = rid == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64;
        if (cross) { args.AddRange(new[] { "-p:LinkerFlavor=lld", "-p:ObjCopyName=llvm-objcopy" }); }
        DevicePublish.Run(repo, "dotnet", args, log);
        string symbols = dir.TrimEnd('/') + ".dbg";
        Wipe(symbols);
        System.IO.Directory.CreateDirectory(symbols);
        foreach (string f in System.IO.Directory.GetFiles(dir, "*.dbg")) { System.IO.File.Move(f, System.IO.Path.Combine(symbols, System.IO.Path.GetFileName(f))); }
        return dir;
    }

    public static void Wipe(string dir)
    {
        if (System.IO.Directory.Exists(dir)) { System.IO.Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// Runs COMMAND RUNS times, each under /usr/bin/time (wall clock, max RSS) through bash, whose `times`
    /// gives the command's user and system CPU to the millisecond (/usr/bin/time prints them to 10 ms, too
    /// coarse for a 70 ms decode against a 140 ms one); the run with the least user+sys CPU is kept.
    /// </summary>
    public static ProcessTiming Time(string tool, string workDir, string[] command, Func<string, int> countDigits, Action<string> log)
    {
        ProcessTiming? best = null;
        string stats = System.IO.Path.Combine(workDir, "time.txt");
        string cpu = System.IO.Path.Combine(workDir, "times.txt");
        for (int run = 0; run < Runs; run++)
        {
            var args = new List<string> { "-f", "%e %M", "-o", stats, "bash", "-c", "\"$@\"; rc=$?; times > \"$FXS_TIMES\"; exit $rc", "bash" };
            args.AddRange(command);
            string stdout = DevicePublish.Run(workDir, "/usr/bin/time", args, log, env: new Dictionary<string, string> { ["FXS_TIMES"] = cpu }, echo: run == 0);
            string[] f = System.IO.File.ReadAllLines(stats).Last().Split(' ');
            (double user, double sys) = ChildTimes(System.IO.File.ReadAllLines(cpu));
            var t = new ProcessTiming(tool, string.Join(" ", command.Select(System.IO.Path.GetFileName)), user, sys,
                double.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), countDigits(stdout));
            if (best == null || t.CpuS < best.CpuS) { best = t; }
        }
        return best!;
    }

    // bash's `times`: the shell's user and system time, then its children's ("0m0.065s 0m0.008s"), in seconds.
    private static (double User, double Sys) ChildTimes(string[] lines)
    {
        static double Seconds(string mSs)
        {
            int m = mSs.IndexOf('m');
            return int.Parse(mSs.Substring(0, m), CultureInfo.InvariantCulture) * 60
                + double.Parse(mSs.Substring(m + 1).TrimEnd('s'), CultureInfo.InvariantCulture);
        }
        string[] children = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (Seconds(children[0]), Seconds(children[1]));
    }

    public static int FxsDigits(string stdout) => stdout.Split('\n').Count(l => l.Length > 2 && char.IsDigit(l[0]));

    public static int MultimonDigits(string stdout) => stdout.Split('\n').Count(l => l.StartsWith("DTMF: ", StringComparison.Ordinal));

    public static string Table(IReadOnlyList<ProcessTiming> rows, ProcessTiming spandsp)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| decoder | command | user+sys | user | sys | wall | max RSS | digits | vs spandsp (CPU) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (ProcessTiming r in rows)
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "| {0} | `{1}` | {2:F3} s | {3:F3} s | {4:F3} s | {5:F2} s | {6:F1} MiB | {7} | {8:F1}× |",
                r.Tool, r.Command, r.CpuS, r.UserS, r.SysS, r.RealS, r.MaxRssKb / 1024.0, r.Digits, spandsp.CpuS / Math.Max(r.CpuS, 0.005)));
        }
        return sb.ToString();
    }
}
