using System;
using System.IO;
using System.Linq;

namespace Fxs.Cli.Tests;

// Runs `fxs` in-process through the same entry point Program.cs uses, capturing stdout and stderr.
internal sealed record CliResult(int Exit, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.TrimEnd('\r')).ToArray();

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {Exit}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

internal static class FxsCli
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = global::Fxs.Cli.Cli.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs and asserts exit 0, showing both streams if not.</summary>
    public static CliResult Ok(params string[] args)
    {
        CliResult r = Run(args);
        Assert.True(r.Exit == 0, "fxs " + string.Join(' ', args) + " failed:\n" + r);
        return r;
    }
}

// A scratch directory per test class instance, removed afterwards.
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fxs-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
