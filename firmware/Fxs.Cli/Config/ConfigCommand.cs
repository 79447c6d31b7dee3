using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Fxs.Boards;
using Fxs.Config;
using Fxs.Core.Ivr;
using Fxs.Relay;
using Fxs.Host.Config;
using Fxs.Core.Line;

namespace Fxs.Cli.Config;

// `fxs config check --board … --line … --relay …`: every configuration file read as `fxs run` reads it
// (the one policy of docs/configuration.md), one line per file on stdout: the file and `ok` with what it
// holds, or the first fault (file, field, expected, found). Exit 3 when a file is bad.
public static class ConfigCommand
{
    public static Command Create()
    {
        var board = new Option<string?>("--board")
        {
            HelpName = "FILE|NAME",
            Description = "A board definition: a file, or a board name found in boards/ beside fxs.",
        };
        Option<FileInfo?> line = CommonOptions.LineFile();
        var relay = new Option<FileInfo?>("--relay") { HelpName = "FILE", Description = "A relay configuration (JSON)." };
#if FXS_BENCH
        var provisioning = new Option<FileInfo?>("--provisioning") { HelpName = "FILE", Description = "The backend's provisioning file (JSON)." };
#endif
        var check = new Command("check",
            "Read each configuration file given as `fxs run` (and the backend) read them; one line per file: ok, or the first fault "
            + "naming the field, what was expected and the closest known name for a typo. Field reference: docs/configuration.md. "
            + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            board, line, relay,
#if FXS_BENCH
            provisioning,
#endif
        };
        check.SetAction(parse =>
        {
            var results = new List<string>();
            bool bad = false;
            void Check(string what, Func<string> read)
            {
                try { results.Add(read()); }
                catch (ConfigFileException e)
                {
                    results.Add(e.Message);
                    bad = true;
                }
            }
            string? b = parse.GetValue(board);
            if (b != null)
            {
                Check("board", () =>
                {
                    BoardDefinition d = BoardFile.Load(BoardFile.Resolve(b, Run.RunCommand.BoardsDirectory()));
                    return d.SourcePath + ": ok (board " + d.Name + ", " + d.Kind + ")";
                });
            }
            string? l = parse.GetValue(line)?.ToString();
            if (l != null)
            {
                Check("line", () =>
                {
                    LineConfiguration c = LineFile.Load(l);
                    return l + ": ok (line: contract " + c.ContractNumber + ", " + c.AdditionalCount + " additional, notify " + c.NotifyNumber + ", " + c.Area + ")";
                });
            }
            string? r = parse.GetValue(relay)?.ToString();
            if (r != null)
            {
                Check("relay", () =>
                {
                    RelayOptions o = RelayOptions.Load(r);
                    return r + ": ok (relay: device " + o.DeviceId + ", backend " + o.BackendUrl + ", outbox " + o.OutboxPath + ")";
                });
            }
#if FXS_BENCH
            string? p = parse.GetValue(provisioning)?.ToString();
            if (p != null)
            {
                Check("provisioning", () =>
                {
                    Fxs.Backend.Provisioning.ProvisioningFile f = Fxs.Backend.Provisioning.ProvisioningFile.Load(p);
                    return p + ": ok (provisioning: " + f.Lines.Count + " line(s), " + f.Gateways.Count + " gateway(s))";
                });
            }
#endif
            if (results.Count == 0)
            {
                parse.InvocationConfiguration.Error.WriteLine("fxs config check: give at least one file: --board, --line, --relay"
#if FXS_BENCH
                    + ", --provisioning"
#endif
                    );
                return ExitCodes.Usage;
            }
            foreach (string result in results) { parse.InvocationConfiguration.Output.WriteLine(result); }
            return bad ? ExitCodes.BadInput : ExitCodes.Ok;
        });
        return new Command("config", "Configuration files (board, line, relay): check them before a gateway runs them.") { check };
    }
}
