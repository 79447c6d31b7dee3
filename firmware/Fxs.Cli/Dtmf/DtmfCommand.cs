using System.CommandLine;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf ...`: the DTMF receiver and a test-signal generator for it.
public static class DtmfCommand
{
    public static Command Create()
    {
#if FXS_BENCH
        var dtmf = new Command("dtmf", "DTMF (push-button) digits: decode a line recording, draw it, generate test signals.");
#else
        var dtmf = new Command("dtmf", "DTMF (push-button) digits: decode a line recording, generate test signals.");
#endif
        dtmf.Subcommands.Add(DecodeCommand.Create());
        dtmf.Subcommands.Add(GenerateCommand.Create());
#if FXS_BENCH
        dtmf.Subcommands.Add(SpectrogramCommand.Create()); // ScottPlot: bench edition only
#endif
        return dtmf;
    }
}
