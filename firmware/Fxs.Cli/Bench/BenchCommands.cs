using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Fxs.Bench;

namespace Fxs.Cli.Bench;

// `fxs bench ...`: the conformance benches live in bench/Fxs.Bench; their options are declared here
// through System.CommandLine (so --help shows every one, and a bad one is a usage error like any other
// command's), then handed over as BenchOptions / LineBenchOptions.
public static class BenchCommands
{
    /// <summary>The exit codes every bench returns: 5 only for a conformance failure (speed figures are information).</summary>
    internal static readonly string ExitHelp = ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.OutputFailed, ExitCodes.ConformanceFailed);

    public static Command Create()
    {
        var bench = new Command("bench", "Conformance benches (signal suites against the receiver, beside its peers; the line bench). " + ExitHelp);
        bench.Subcommands.Add(Dtmf());
        bench.Subcommands.Add(Fxs.Cli.Call.SimBenchLines.CreateCommand());
        return bench;
    }

    private static Command Dtmf()
    {
        var seed = new Option<int>("--seed")
        {
            HelpName = "N",
            Description = "Seed of every random choice (digits, phases, noise): the same seed gives the same signals.",
            DefaultValueFactory = _ => BenchOptions.DefaultSeed,
        };
        var quick = new Option<bool>("--quick")
        {
            Description = "1 repetition per digit instead of 3, 2 onset phases instead of 4, a 5-minute talk-off corpus, 0.25 s of CPU for throughput.",
        };
        var cache = new Option<DirectoryInfo?>("--cache") { HelpName = "DIR", Description = "Speech corpus cache (default $XDG_CACHE_HOME/fxs or ~/.cache/fxs)." };
        var guide = new Option<FileInfo?>("--guide") { HelpName = "FILE", Description = "The Japanese guide the guidance lines and part of the corpus come from." };
        var minutes = new Option<double?>("--minutes") { HelpName = "M", Description = "Talk-off corpus length in minutes (default 30; 5 with --quick)." };
        minutes.Validators.Add(r =>
        {
            // On the token: a value that is not a number is already System.CommandLine's own error.
            if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double m)
                && (!(m > 0) || m > 24 * 60))
            {
                r.AddError("--minutes must be more than 0 and at most 1440.");
            }
        });
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts("The product's guidance prompts (default: prompts/ja found upward from the working directory).");
        string letters = string.Join(", ", BenchOptions.AllSuites.Select((s, i) => s + " (" + (char)('a' + i) + ")"));
        var suite = new Option<string[]>("--suite", "--suites")
        {
            HelpName = "NAME|LETTER,...",
            Description = "Run only these suites (repeatable, comma-separated): " + letters + ".",
            AllowMultipleArgumentsPerToken = false,
        };
        suite.Validators.Add(r =>
        {
            foreach (string s in Split(r.GetValueOrDefault<string[]>()))
            {
                bool letter = s.Length == 1 && char.ToLowerInvariant(s[0]) >= 'a' && char.ToLowerInvariant(s[0]) <= BenchOptions.LastLetter;
                if (!letter && !BenchOptions.AllSuites.Contains(s, StringComparer.OrdinalIgnoreCase))
                {
                    r.AddError("--suite: unknown suite '" + s + "' (known: " + string.Join(", ", BenchOptions.AllSuites) + ", or letters a-" + BenchOptions.LastLetter + ").");
                    return;
                }
            }
        });
        var report = new Option<FileInfo?>("--out") { HelpName = "FILE", Description = "Also write the Markdown report to this file." };
        var plots = new Option<DirectoryInfo?>("--plots") { HelpName = "DIR", Description = "Also draw the curves (errors against SNR, ours beside spandsp's) as PNGs into this directory." };

        var dtmf = new Command("dtmf", "DTMF receiver conformance report (Markdown) beside spandsp's dtmf_rx and multimon-ng: each requirement, "
            + "our figure, pass/fail, the peers' figures on the same samples and our standing. Exit 5 when a requirement is not met or fxs is "
            + "behind a peer on a ranked row; the throughput row (host-dependent) is information. Peer tools missing: exit 3. " + ExitHelp)
        {
            seed, quick, cache, guide, minutes, prompts, suite, report, plots,
        };
        dtmf.SetAction(parse =>
        {
            string[] suites = Split(parse.GetValue(suite)).ToArray();
            var options = new BenchOptions
            {
                Seed = parse.GetValue(seed),
                Quick = parse.GetValue(quick),
                CorpusCacheDirectory = parse.GetValue(cache)?.ToString(),
                GuidePath = parse.GetValue(guide)?.ToString(),
                CorpusMinutes = parse.GetValue(minutes),
                PromptsDirectory = parse.GetValue(prompts)?.ToString(),
                Suites = suites.Length == 0 ? null : new HashSet<string>(suites, StringComparer.OrdinalIgnoreCase),
                ReportPath = parse.GetValue(report)?.ToString(),
                PlotsDirectory = parse.GetValue(plots)?.ToString(),
            };
            return DtmfBenchReport.Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, options);
        });
        return dtmf;
    }

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
