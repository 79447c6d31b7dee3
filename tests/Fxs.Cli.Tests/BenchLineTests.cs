using System.Linq;

namespace Fxs.Cli.Tests;

// `fxs bench line` is a benchmark, not a timed test: this only checks that it runs (quickly, in its
// quick mode) and prints every row; whether targets are met depends on the machine and the build.
public class BenchLineTests
{
    [Fact]
    public void TheLineBenchRunsQuicklyAndPrintsEveryRow()
    {
        CliResult r = FxsCli.Run("bench", "line", "--quick", "--runs", "1", "--seconds", "2");
        Assert.True(r.Exit is 0 or 5, r.ToString());
        string[] rows = r.StdoutLines.Where(l => l.StartsWith("| (", System.StringComparison.Ordinal)).ToArray();
        foreach (string step in new[] { "access number → menu", "menu key 2", "number's #", "password's 8th digit", "confirmation's 8th digit", "wrong menu key 9" })
        {
            Assert.Single(rows, l => l.StartsWith("| (a) " + step, System.StringComparison.Ordinal) && l.EndsWith("| pass |", System.StringComparison.Ordinal));
        }
        Assert.Contains(rows, l => l.StartsWith("| (b) lines served in real time by one core", System.StringComparison.Ordinal));
        Assert.Contains(rows, l => l.StartsWith("| (b) passwords set by the replayed calls", System.StringComparison.Ordinal));
        Assert.Contains(rows, l => l.StartsWith("| (c) bytes allocated per port frame", System.StringComparison.Ordinal) && l.EndsWith("| pass |", System.StringComparison.Ordinal));
        Assert.Contains(rows, l => l.StartsWith("| (c) of a port's frame: line echo canceller", System.StringComparison.Ordinal));
        Assert.Contains("| test | target | figure | pass/fail |", r.Stdout);
    }

    [Fact]
    public void TheLineBenchRefusesAnUnknownOption()
    {
        CliResult r = FxsCli.Run("bench", "line", "--ports", "zero");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--ports", r.Stderr);
    }
}
