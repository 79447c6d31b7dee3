using System.CommandLine;
using System.IO;
using Fxs.Cli.SelfTest.Board;
using Fxs.Hal.Sim;
using Fxs.Host.Prompts;

namespace Fxs.Cli.SelfTest;

// `fxs selftest`: on a freshly installed gateway (or under qemu in CI), proves that the firmware's
// signal path and call path run on this machine: the DTMF receiver decodes a built-in recording,
// and a whole temporary-password call runs on the sim board through audio. Both editions.
// With --board (and --line, --relay): the end-of-line test of a gateway's board and relay (Board/).
public static class SelfTestCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo?> prompts = CommonOptions.Prompts(
            "Guidance audio for the call check (8 kHz µ-law WAVs named as in prompts/ja/); default: the copy beside fxs.");
        var board = new Option<string?>("--board")
        {
            HelpName = "FILE|NAME",
            Description = "The end-of-line test of this board (as `fxs run --board`): its GPIO lines and hook switch, both audio directions at 8 kHz, "
                + "the echo's bulk delay and return loss (and the board file's echoDelayFrames for it), the level a -10 dBm0 tone comes back at, "
                + "the guidance audio, then the relay (TLS, client certificate, sealing key, a dry-run record the backend validates and does not store). "
                + "Needs --line and --relay.",
        };
        Option<FileInfo?> line = CommonOptions.LineFile(required: false);
        var relay = new Option<FileInfo?>("--relay") { HelpName = "FILE", Description = "With --board: the relay configuration, as `fxs run --relay`." };
        var simulated = new Option<bool>("--simulated-hardware")
        {
            Description = "With a Linux board: its whole HAL on simulated GPIO and PCM parts, the hybrid's echo 9 ms and 12 dB down (benches, CI; no hardware is touched).",
        };
        var command = new Command("selftest",
            "Check this installation: decode the built-in DTMF recording and place one scripted temporary-password call "
            + "on the sim board (password digits are never printed). With --board: the end-of-line test of the gateway instead. "
            + "One 'ok' or 'FAIL' line per check, then the total time. Exit " + ExitCodes.HardwareUnavailable + ": a board part would not open (one line on stderr). "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.SelfTestFailed, ExitCodes.HardwareUnavailable))
        {
            prompts, board, line, relay, simulated,
        };
        command.SetAction(parse =>
        {
            string promptDir = parse.GetValue(prompts)?.FullName ?? PromptDirectory.DefaultDirectory();
            string? boardName = parse.GetValue(board);
            TextWriter stderr = parse.InvocationConfiguration.Error;
            if (boardName is null)
            {
                if (parse.GetValue(line) is not null || parse.GetValue(relay) is not null || parse.GetValue(simulated))
                {
                    stderr.WriteLine("fxs selftest: --line, --relay and --simulated-hardware go with --board (the end-of-line test)");
                    return ExitCodes.Usage;
                }
                return new SelfTestRunner(SelfTestRecording.Load(), promptDir).Run(parse.InvocationConfiguration.Output);
            }
            if (parse.GetValue(line) is not FileInfo lineFile || parse.GetValue(relay) is not FileInfo relayFile)
            {
                stderr.WriteLine("fxs selftest: --board needs --line FILE and --relay FILE (the end-of-line test tries the relay with a record from that line)");
                return ExitCodes.Usage;
            }
            return BoardSelfTest.Run(new BoardSelfTest.Request(boardName, lineFile.ToString(), relayFile.ToString(), promptDir, parse.GetValue(simulated)),
                parse.InvocationConfiguration.Output, stderr);
        });
        return command;
    }
}
