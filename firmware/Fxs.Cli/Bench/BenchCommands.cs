using System.CommandLine;

namespace Fxs.Cli.Bench;

// Extension point for `fxs bench ...`. The conformance bench lives in bench/Fxs.Bench (already referenced by
// this project) and is being built separately.
// TODO(lead): when bench/Fxs.Bench exposes its entry point, replace the action below with a call into it,
// passing parse.InvocationConfiguration.Output/Error and the unmatched tokens as its options.
public static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Conformance bench (runs the signal suites against the receiver).");
        var dtmf = new Command("dtmf", "DTMF receiver conformance bench (not built yet).")
        {
            // Options belong to the bench; accept them here so wiring it in needs no CLI changes.
            TreatUnmatchedTokensAsErrors = false,
        };
        dtmf.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine("fxs bench dtmf: not built yet (bench/Fxs.Bench is not wired into the CLI).");
            return ExitCodes.Usage;
        });
        bench.Subcommands.Add(dtmf);
        return bench;
    }
}
