using System.CommandLine;
using Fxs.Bench;

namespace Fxs.Cli.Bench;

// `fxs bench ...`: the conformance benches live in bench/Fxs.Bench; the CLI only hands them the
// output streams and the options it did not parse itself.
public static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Conformance benches (signal suites against the receiver, beside its peers).");
        var dtmf = new Command("dtmf", "DTMF receiver conformance report (Markdown) beside spandsp's dtmf_rx and multimon-ng. "
            + "Options: --seed N, --quick, --cache DIR, --guide FILE, --minutes M, --prompts DIR, --suite NAME|LETTER (a..s), --out FILE, --plots DIR.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        dtmf.SetAction(parse => DtmfBenchReport.Run(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.UnmatchedTokens));
        bench.Subcommands.Add(dtmf);
        bench.Subcommands.Add(Fxs.Cli.Call.SimBenchLines.CreateCommand());
        return bench;
    }
}
