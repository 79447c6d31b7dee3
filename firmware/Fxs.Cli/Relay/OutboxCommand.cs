using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Fxs.Relay;

namespace Fxs.Cli.Relay;

// `fxs relay outbox --relay F.json`: what waits in the outbox the relay file names, read through the
// relay's own Outbox class (its clock gives the ages): pending (the oldest's age since its call ended,
// its attempts and last error), parked (each with its problem), delivered (and how many arrived after
// the password had expired, TP-16). Never a body: the sealed password stays in the file.
public static class OutboxCommand
{
    public static Command Create()
    {
        Option<FileInfo> relay = RelayCommand.RelayFile();
        var command = new Command("outbox",
            "List what waits in the relay's outbox (the file relay.json's outboxPath names): pending records with the oldest's age, "
            + "parked records each with its problem, delivered records (kept 1 h) and how many arrived after the password expired. "
            + "Never a password or a record's body. Run it as the daemon's user (e.g. `sudo -u fxs`): SQLite may create the outbox's "
            + "-wal and -shm files. " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            relay,
        };
        command.SetAction(parse => Run(parse.GetValue(relay)!.ToString(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string relayPath, TextWriter stdout, TextWriter stderr)
    {
        RelayOptions? options = RelayCommand.Load(relayPath, "outbox", stderr);
        if (options is null) { return ExitCodes.BadInput; }
        string path = options.OutboxPath;
        // The Outbox class creates a missing file; a listing must not (a wrong outboxPath would look empty).
        if (!File.Exists(path))
        {
            stderr.WriteLine("fxs relay outbox: " + path + ": no outbox there (outboxPath in " + relayPath + "; the daemon creates it at its first record)");
            return ExitCodes.BadInput;
        }
        using Outbox outbox = options.OpenOutbox();
        if (!outbox.IsOpen)
        {
            stderr.WriteLine("fxs relay outbox: " + path + ": cannot be opened: " + outbox.Problem);
            return ExitCodes.BadInput;
        }
        IReadOnlyList<OutboxRow> rows;
        try { rows = outbox.All(); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("fxs relay outbox: " + path + ": cannot be read: " + e.GetType().Name + ": " + RelayCommand.OneLine(e.Message));
            return ExitCodes.BadInput;
        }
        if (outbox.MovedAside is not null)
        {
            // What the daemon does at its start: said here as loudly, since what was pending in it is not sent.
            stderr.WriteLine("fxs relay outbox: " + path + " was damaged: moved aside to " + outbox.MovedAside + " (kept for an engineer); a fresh outbox is in its place and the records in the damaged one are not sent");
            return ExitCodes.BadInput;
        }

        OutboxRow? oldest = null;
        var parked = new List<OutboxRow>();
        int pending = 0, delivered = 0, expired = 0;
        foreach (OutboxRow row in rows)
        {
            switch (row.State)
            {
                case OutboxState.Pending:
                    pending++;
                    if (oldest is null || row.Age > oldest.Age) { oldest = row; }
                    break;
                case OutboxState.Rejected:
                    parked.Add(row);
                    break;
                case OutboxState.Delivered:
                    delivered++;
                    if (row.ExpiredOnArrival) { expired++; }
                    break;
            }
        }
        stdout.WriteLine("outbox " + Path.GetFullPath(path));
        if (oldest is null)
        {
            stdout.WriteLine("pending: 0");
        }
        else
        {
            stdout.WriteLine("pending: " + pending + "; the oldest ended its call " + RelayCommand.Duration(oldest.Age) + " ago, "
                + oldest.Attempts + " attempt(s)" + (oldest.LastError is null ? "" : ", last error: " + RelayCommand.OneLine(oldest.LastError))
                + (oldest.DueIn > TimeSpan.Zero ? "; next attempt in " + RelayCommand.Duration(oldest.DueIn) : "; due now"));
        }
        stdout.WriteLine("parked: " + parked.Count + (parked.Count == 0 ? "" : " (never retried)"));
        foreach (OutboxRow row in parked)
        {
            stdout.WriteLine("  " + row.RecordId + ", call ended " + RelayCommand.Duration(row.Age) + " ago, " + row.Attempts + " attempt(s): "
                + RelayCommand.OneLine(row.LastError ?? "no problem recorded"));
        }
        stdout.WriteLine("delivered: " + delivered + (expired == 0 ? "" : " (" + expired + " expired on arrival)"));
        return ExitCodes.Ok;
    }
}
