using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Fxs.Cli.Tests;

// The device artefact is reproducible (Gates 7) only if the logging generator's output is: it writes the parts of a
// partial class declared in several files in an order that changes from one compile to the next (DaemonLog was split
// in two; fxs.dll and fxs.pdb then differed between two publishes of one commit). So every class that declares
// [LoggerMessage] methods is declared in one file.
public sealed class LoggerMessageClassTests
{
    [Fact]
    public void EveryClassWithLoggerMessagesIsDeclaredInOneFile()
    {
        string root = Repository.Root();
        string[] sources = new[] { "firmware", "hal", "common", "backend" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToArray();
        var partialClass = new Regex(@"\bpartial\s+class\s+(\w+)");
        string[] logging = sources.Where(f => File.ReadAllText(f).Contains("[LoggerMessage", StringComparison.Ordinal))
            .SelectMany(f => partialClass.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToArray();
        Assert.NotEmpty(logging); // DaemonLog, CaptureLog, PumpLog: the scan found them
        foreach (string name in logging)
        {
            string[] files = sources.Where(f => Regex.IsMatch(File.ReadAllText(f), @"\bpartial\s+class\s+" + name + @"\b")).ToArray();
            Assert.True(files.Length == 1, $"{name} holds [LoggerMessage] methods and is declared in {files.Length} files: {string.Join(", ", files.Select(f => Path.GetRelativePath(root, f)))}");
        }
    }
}
