using System;
using System.Collections.Generic;
using System.CommandLine;
using Fxs.Bench.Line;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Hal.Sim;

namespace Fxs.Cli.Call;

// The sim board as the line bench's rig (bench/Fxs.Bench/Line does not depend on the sim), and
// `fxs bench line` (registered by BenchCommands).
public sealed class SimBenchLines : IBenchLineFactory
{
    private readonly SimPromptSource _prompts;

    public SimBenchLines(SimPromptSource prompts) { _prompts = prompts; }

    public IPromptSource Prompts => _prompts;

    public IBenchLine Create(LineConfiguration line, IGatewayMonitor monitor, int seed)
        => new Line(new SimGateway(line, new SimBoardOptions { Seed = (ulong)seed }, _prompts, monitor));

    public void RunBoardOnly(int frames)
    {
        var board = new SimBoard(new SimBoardOptions());
        board.Phone.OffHook();
        for (int i = 0; i < frames; i++) { board.Step(); }
    }

    public static Command CreateCommand()
    {
        var line = new Command("line", "Line bench (Markdown): the IVR's reaction from a step's last key to the next guidance, "
            + "lines per core with whole calls (DSP + IVR + guidance), allocations per frame. "
            + "Options: --quick, --runs N, --ports N, --seconds S, --out FILE.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        line.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.UnmatchedTokens));
        return line;
    }

    private static int Run(System.IO.TextWriter stdout, System.IO.TextWriter stderr, IReadOnlyList<string> args)
    {
        SimPromptSource prompts;
        try
        {
            prompts = new SimPromptSource(SimPromptSource.DefaultDirectory());
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or Fxs.Core.Ivr.Prompts.PromptAudioException)
        {
            stderr.WriteLine("fxs bench line: cannot load the guidance: " + e.Message);
            return ExitCodes.BadInput;
        }
        return LineBenchReport.Run(stdout, stderr, args, new SimBenchLines(prompts));
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
