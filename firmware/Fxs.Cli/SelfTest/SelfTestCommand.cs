using System.CommandLine;
using System.IO;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;

namespace Fxs.Cli.SelfTest;

// `fxs selftest`: on a freshly installed gateway (or under qemu in CI), proves that the firmware's
// signal path and call path run on this machine: the DTMF receiver decodes a built-in recording,
// and a whole temporary-password call runs on the sim board through audio. Both editions.
public static class SelfTestCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts(
            "Guidance audio for the call check (8 kHz µ-law WAVs named as in prompts/ja/); default: the copy beside fxs.");
        var command = new Command("selftest",
            "Check this installation: decode the built-in DTMF recording and place one scripted temporary-password call "
            + "on the sim board (password digits are never printed). One 'ok' or 'FAIL' line per check, then the total time. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.SelfTestFailed))
        {
            prompts,
        };
        command.SetAction(parse => new SelfTestRunner(
                SelfTestRecording.Load(),
                parse.GetValue(prompts)?.FullName ?? PromptDirectory.DefaultDirectory())
            .Run(parse.InvocationConfiguration.Output));
        return command;
    }
}
