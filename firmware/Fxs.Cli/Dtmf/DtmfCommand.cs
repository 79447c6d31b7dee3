using System.CommandLine;

namespace Fxs.Cli.Dtmf;

// `fxs dtmf ...`: the DTMF receiver and a test-signal generator for it.
public static class DtmfCommand
{
    public static Command Create()
    {
        var dtmf = new Command("dtmf", "DTMF (push-button) digits: decode a line recording, draw it, generate test signals.");
        dtmf.Subcommands.Add(DecodeCommand.Create());
        dtmf.Subcommands.Add(GenerateCommand.Create());
        dtmf.Subcommands.Add(SpectrogramCommand.Create());
        return dtmf;
    }
}
