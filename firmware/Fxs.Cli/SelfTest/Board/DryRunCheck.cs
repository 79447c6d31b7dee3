using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Fxs.Core.Ivr;
using Fxs.Core.Line;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Fxs.Host.Sim;
using Fxs.Host.Prompts;
using Fxs.Host.Config;

namespace Fxs.Cli.SelfTest.Board;

// The relay's last step without a customer's call: a record made as a real one is made (a call on the sim
// line with this line file's numbers, the IVR's record through the relay's own OutboxSink: sealed to the
// relay file's carrierSealingKey into a scratch outbox, the body the relay would send), posted to
// `POST /device/v1/records?dryRun=true`: the backend validates it as a real record and stores nothing.
// The password is random (never printed, zeroed after): should a backend without dry runs apply it, no
// one knows it, and the customer's next call replaces it.
internal static class DryRunCheck
{
    private const string Name = "dry run";

    public static void Run(HttpClient http, RelayOptions options, LineConfiguration line, string promptDirectory, Action<bool, string, string> report)
    {
        string dir = Path.Combine(Path.GetTempPath(), "fxs-selftest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        char[] digits = RandomDigits();
        try
        {
            string body;
            using (var outbox = new Outbox(Path.Combine(dir, "outbox.db")))
            {
                var sink = OutboxSink.Create(outbox, options, TimeProvider.System);
                var sim = new SimGateway(line, new SimBoardOptions { Seed = 1 }, new PromptDirectory(promptDirectory), null, sink);
                CallCheck.SetLinePassword(sim.Phone, sim.Port.Control, line.AccessNumber, new string(digits));
                IReadOnlyList<OutboxRow> rows = outbox.All();
                if (rows.Count != 1)
                {
                    report(false, Name, "expected the sim call to leave 1 sealed record, found " + rows.Count + " (" + sink + ")");
                    return;
                }
                body = RelaySender.WithAge(rows[0].Body, outbox.AgeOf(rows[0]));
            }
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = http.PostAsync("device/v1/records?dryRun=true", content).GetAwaiter().GetResult();
            string answer = Relay.RelayCommand.OneLine(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            if (response.StatusCode == HttpStatusCode.OK && answer.Contains("\"dryRun\":true", StringComparison.Ordinal))
            {
                report(true, Name, "a sealed record for " + line.ContractNumber + " (unit 1, as a call makes it) validated by the backend and not stored: 200 " + answer);
            }
            else if (response.StatusCode == HttpStatusCode.Created)
            {
                report(false, Name, "expected the backend to validate the record and store nothing (POST ?dryRun=true: 200), found 201: this backend does not know "
                    + "dry runs and applied it (a random password no one knows; the next call on the line replaces it): " + answer);
            }
            else
            {
                report(false, Name, "expected 200 for a dry run of a record from this line, found " + (int)response.StatusCode + " " + response.StatusCode + ": " + answer);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
            or Microsoft.Data.Sqlite.SqliteException or CryptographicException or Fxs.Core.Ivr.Prompts.PromptAudioException or UnauthorizedAccessException)
        {
            report(false, Name, "expected a dry run of a sealed record, found " + e.GetType().Name + ": " + Relay.RelayCommand.OneLine(e.Message));
        }
        finally
        {
            Array.Clear(digits);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }

    // 8 random digits (TP-11), from the system's CSPRNG.
    private static char[] RandomDigits()
    {
        var digits = new char[TemporaryPasswordIvr.PasswordDigits];
        for (int i = 0; i < digits.Length; i++) { digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10)); }
        return digits;
    }
}
