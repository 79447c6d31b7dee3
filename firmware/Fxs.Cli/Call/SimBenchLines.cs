using System;
using System.Collections.Generic;
using System.CommandLine;
using Fxs.Bench.Line;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;
using Fxs.Host.Sim;
using Fxs.Core.Line;
using Fxs.Core.Dsp;

namespace Fxs.Cli.Call;

// The sim board as the line bench's rig (bench/Fxs.Bench/Line does not depend on the sim), and
// `fxs bench line` (registered by BenchCommands).
public sealed class SimBenchLines : IBenchLineFactory
{
    private readonly PromptDirectory _prompts;

    public SimBenchLines(PromptDirectory prompts) { _prompts = prompts; }

    public IPromptSource Prompts => _prompts;

    public IBenchLine Create(LineConfiguration line, IGatewayMonitor monitor, int seed)
        => new Line(new SimGateway(line, new SimBoardOptions { Seed = (ulong)seed }, _prompts, monitor));

    public void RunBoardOnly(int frames)
    {
        var board = new SimBoard(new DtmfGenerator(), new SimBoardOptions());
        board.Phone.OffHook();
        for (int i = 0; i < frames; i++) { board.Step(); }
    }

    public static Command CreateCommand()
    {
        Option<int?> Count(string name, string help)
        {
            var option = new Option<int?>(name) { HelpName = "N", Description = help };
            option.Validators.Add(r =>
            {
                // On the token: a value that is not a number is already System.CommandLine's own error.
                if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v)
                    && (v < 1 || v > 100_000))
                {
                    r.AddError(name + " must be 1 to 100000.");
                }
            });
            return option;
        }
        var quick = new Option<bool>("--quick") { Description = "Quick mode (tests): 2 runs, 4 ports, 5 s of audio." };
        Option<int?> runs = Count("--runs", "Calls per latency figure, each with its own key phase and noise seed (default 10).");
        Option<int?> ports = Count("--ports", "Ports run side by side for the load figures (default 32).");
        Option<int?> seconds = Count("--seconds", "Audio each port processes for the load figures, seconds (default 120).");
        var report = new Option<System.IO.FileInfo?>("--out") { HelpName = "FILE", Description = "Also write the report to this file." };
        var line = new Command("line", "Line bench (Markdown): the IVR's reaction from a step's last key to the next guidance (sample time), "
            + "lines per core with whole calls (DSP + IVR + guidance; host-dependent, printed as information), allocations per frame, "
            + "keys and talk-off under the guidance echo. Exit 5 when a conformance target is missed. " + Fxs.Cli.Bench.BenchCommands.ExitHelp)
        {
            quick, runs, ports, seconds, report,
        };
        line.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, new LineBenchOptions
        {
            Quick = parse.GetValue(quick),
            Runs = parse.GetValue(runs),
            Ports = parse.GetValue(ports),
            Seconds = parse.GetValue(seconds),
            ReportPath = parse.GetValue(report)?.ToString(),
        }));
        return line;
    }

    private static int Run(System.IO.TextWriter stdout, System.IO.TextWriter stderr, LineBenchOptions options)
    {
        PromptDirectory prompts;
        try
        {
            prompts = new PromptDirectory(PromptDirectory.DefaultDirectory());
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or Fxs.Core.Ivr.Prompts.PromptAudioException)
        {
            stderr.WriteLine("fxs bench line: cannot load the guidance: " + e.Message);
            return ExitCodes.BadInput;
        }
        return LineBenchReport.Run(stdout, stderr, options, new SimBenchLines(prompts));
    }

    private sealed class Line : IBenchLine
    {
        private readonly SimGateway _sim;

        public Line(SimGateway sim) { _sim = sim; }

        public GatewayPort Port => _sim.Port;
        public long ScriptEndSample => _sim.Phone.ScriptEndSample;
        public long NowSamples => _sim.Board.NowSamples;
        public void OffHook() => _sim.Phone.OffHook();
        public void OnHook() => _sim.Phone.OnHook();
        public void Wait(int ms) => _sim.Phone.Wait(ms);
        public void Dtmf(string keys, int toneMs, int pauseMs)
            => _sim.Phone.DialDtmf(keys, toneMs, pauseMs, levelDeciDbm0: -100, twistDeciDb: 20);
    }
}
