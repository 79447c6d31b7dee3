using System;
using System.Diagnostics;
using System.IO;

namespace Fxs.Cli.Tests;

// sox makes the "foreign" files a field engineer would bring. CI installs it (apt-get install -y sox); when it
// is missing these tests fail saying so rather than passing without having run.
internal static class Sox
{
    public static string Exe(string name = "sox")
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(name + " not found on PATH; install it with: apt-get install -y sox");
    }

    public static string Run(params string[] args) => RunTool("sox", args);

    public static string Info(params string[] args) => RunTool("soxi", args);

    private static string RunTool(string tool, string[] args)
    {
        var psi = new ProcessStartInfo(Exe(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, tool + " " + string.Join(' ', args) + " failed: " + stderr);
        return stdout;
    }
}
