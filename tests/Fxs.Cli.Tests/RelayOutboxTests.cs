using System;
using System.IO;
using System.Security.Cryptography;
using Fxs.Relay;

namespace Fxs.Cli.Tests;

// Issue #15 item 3: `fxs relay outbox --relay F.json` lists what waits in the outbox that relay file
// names, on a real SQLite outbox written by the relay library: counts by state, the oldest pending
// record's age, each parked record's problem; never a body (the sealed password) nor the certificate's password.
public sealed class RelayOutboxTests : IDisposable
{
    private const string SealedBody = "{\"sealedPassword\":\"SEALED-BODY-MUST-NOT-SHOW\"}";
    private const string CertificatePassword = "pfx-password-must-not-show";

    private readonly TempDir _dir = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string RelayFile(string outboxPath)
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        string path = _dir.File("relay.json");
        File.WriteAllText(path, "// the gateway's relay\n{ \"deviceId\": \"hgw-test\", \"backendUrl\": \"https://127.0.0.1:9/\", "
            + "\"backendSpkiSha256\": [\"" + Convert.ToBase64String(new byte[32]) + "\"], "
            + "\"carrierSealingKey\": \"" + Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()) + "\", "
            + "\"clientCertificatePassword\": \"" + CertificatePassword + "\", "
            + "\"outboxPath\": \"" + outboxPath + "\" }");
        return path;
    }

    [Fact]
    public void CountsEachStateWithTheOldestPendingAgeAndEachParkedProblem()
    {
        string outboxPath = _dir.File("outbox.db");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using (var outbox = new Outbox(outboxPath))
        {
            outbox.Add("rec-pending-old", now, now, SealedBody, TimeSpan.FromMinutes(90));
            outbox.Add("rec-pending-new", now, now, SealedBody, TimeSpan.FromMinutes(2));
            outbox.Add("rec-parked", now, now, SealedBody, TimeSpan.FromMinutes(5));
            outbox.Add("rec-applied", now, now, SealedBody);
            outbox.Add("rec-expired", now, now, SealedBody);
            outbox.Reschedule("rec-pending-old", "HttpRequestException: Connection refused (127.0.0.1:9)", TimeSpan.FromMinutes(4));
            outbox.MarkRejected("rec-parked", "422 The record does not fit this gateway's line.\nnotifyNumber: not this line's");
            outbox.MarkDelivered("rec-applied", "{\"status\":\"applied\"}");
            outbox.MarkDelivered("rec-expired", "{\"status\":\"expired\"}");
        }

        CliResult r = FxsCli.Ok("relay", "outbox", "--relay", RelayFile(outboxPath));

        Assert.Equal("outbox " + outboxPath, r.StdoutLines[0]);
        Assert.Matches(@"^pending: 2; the oldest ended its call 1 h 30 min ago, 1 attempt\(s\), last error: HttpRequestException: Connection refused \(127\.0\.0\.1:9\); next attempt in 3 min [0-9]{2} s$", r.StdoutLines[1]);
        Assert.Equal("parked: 1 (never retried)", r.StdoutLines[2]);
        Assert.Matches(@"^  rec-parked, call ended 5 min 0[0-9] s ago, 1 attempt\(s\): 422 The record does not fit this gateway's line\. notifyNumber: not this line's$", r.StdoutLines[3]);
        Assert.Equal("delivered: 2 (1 expired on arrival)", r.StdoutLines[4]);
        Assert.Equal(5, r.StdoutLines.Length);
        Assert.Empty(r.Stderr);
        Assert.DoesNotContain("SEALED-BODY", r.Stdout);
        Assert.DoesNotContain(CertificatePassword, r.Stdout);
    }

    [Fact]
    public void AnEmptyOutboxSaysZeroOfEach()
    {
        string outboxPath = _dir.File("outbox.db");
        using (new Outbox(outboxPath)) { }

        CliResult r = FxsCli.Ok("relay", "outbox", "--relay", RelayFile(outboxPath));

        Assert.Equal(new[] { "outbox " + outboxPath, "pending: 0", "parked: 0", "delivered: 0" }, r.StdoutLines);
    }

    [Fact]
    public void AMissingOutboxIsNotCreatedAndIsExit3()
    {
        string outboxPath = _dir.File("nowhere.db");

        CliResult r = FxsCli.Run("relay", "outbox", "--relay", RelayFile(outboxPath));

        Assert.Equal(3, r.Exit);
        Assert.Equal(outboxPath + ": no outbox there", Assert.Single(r.StderrLines).Substring("fxs relay outbox: ".Length, outboxPath.Length + ": no outbox there".Length));
        Assert.False(File.Exists(outboxPath));
    }

    [Fact]
    public void ABadRelayFileIsOneLineExit3AndHelpListsTheCodes()
    {
        string path = _dir.File("relay.json");
        File.WriteAllText(path, "{ \"deviceId\": \"hgw-test\", \"outboxPth\": \"x\" }");

        CliResult r = FxsCli.Run("relay", "outbox", "--relay", path);

        Assert.Equal(3, r.Exit);
        Assert.Contains("outboxPath", Assert.Single(r.StderrLines));
        Assert.Contains(ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput), FxsCli.Ok("relay", "outbox", "--help").Stdout.Replace("\n", " ").Replace("  ", " "));
    }
}
