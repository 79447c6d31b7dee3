using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Fxs.Bench;

/// <summary>Runs the command-line tools the bench needs (espeak-ng, sox); a missing tool names its Debian package.</summary>
public static class ExternalTools
{
    /// <summary>espeak-ng (Debian package espeak-ng).</summary>
    public const string Espeak = "espeak-ng";

    /// <summary>sox (Debian package sox).</summary>
    public const string Sox = "sox";

    /// <summary>The Debian package that provides a tool.</summary>
    public static string PackageOf(string tool) => tool switch
    {
        Espeak => "espeak-ng",
        Sox => "sox",
        _ => tool,
    };

    /// <summary>The tool's first line of <c>--version</c>; throws <see cref="BenchEnvironmentException"/> if it is missing.</summary>
    public static string Version(string tool)
    {
        string output = Run(tool, new[] { "--version" });
        foreach (string line in output.Split('\n'))
        {
            if (line.Trim().Length > 0) { return line.Trim(); }
        }
        return "?";
    }

    /// <summary>Runs a tool to completion; returns its stdout. Non-zero exit → InvalidOperationException with its stderr.</summary>
    public static string Run(string tool, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in arguments) { psi.ArgumentList.Add(a); }
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new BenchEnvironmentException($"{tool} could not be started: apt-get install {PackageOf(tool)}");
        }
        catch (Win32Exception e)
        {
            throw new BenchEnvironmentException($"{tool} not found: apt-get install {PackageOf(tool)}", e);
        }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', psi.ArgumentList)} failed ({p.ExitCode}): {stderr.Result.Trim()}");
            }
            return stdout;
        }
    }
}
