using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Fxs.Relay.Tests;

/// <summary>
/// Issue #12 item 4, time without trusting the wall clock: the real daemon (<c>fxs run</c> on the sim
/// board, a phone script making one unit-1 call) under Debian's libfaketime (the wall clock faked,
/// the monotonic clocks real), against the real backend on loopback (real time). Each case runs the
/// daemon twice on the same outbox: first the call, with the backend down (the record waits, its
/// age kept in the outbox), then a restart with the backend up, which refuses the first attempt
/// (503: the record must outlive a failure under the new clock), then takes it. Whatever the
/// daemon's wall clock says, the record is delivered, applied, and its password is valid from the
/// call's real end for 24 h on the backend (within a few seconds).
/// </summary>
[Trait("Category", "Faketime")]
public sealed class WallClockTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "27182818";

    /// <summary>How far the backend's setAt may be from the call's real end: the daemon's start-up, the call's last guidance, the pass.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-wallclock-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The clock jumps of the issue: the daemon's FAKETIME at the call, and at the delivery.</summary>
    public static TheoryData<string, string?, string?> Jumps() => new()
    {
        { "+25 h (stepped a day ahead while the record waited)", null, "+25h" },
        { "-1 h (stepped back while the record waited)", null, "-1h" },
        { "2000-01-01 (no RTC: booted at 2000-01-01, no time sync)", "@2000-01-01 00:00:00", "@2000-01-01 00:00:00" },
        { "+10 min (clock fast at the call and the delivery)", "+10m", "+10m" },
    };

    [Theory]
    [MemberData(nameof(Jumps))]
    public Task TP16_ASkewedOrUnsetGatewayClockNeitherDropsNorParksARecordAndTheBackendDatesItRight(string jump, string? atCall, string? atDelivery) =>
        Task.Run(() => RunAsync(jump, atCall, atDelivery)); // off xUnit's context: the waits on the daemon block, the in-process backend must not

    private async Task RunAsync(string jump, string? atCall, string? atDelivery)
    {
        Assert.True(File.Exists(FxsDaemon.LibFakeTime), "Debian's faketime is needed: apt-get install -y faketime");
        int refuseNext = 0;
        using var backend = new RelayBackend(async (http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && Interlocked.Exchange(ref refuseNext, 0) == 1)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await next(http);
        }); // down during the call
        string relay = WriteRelay(backend);
        string line = Write("line.json", """{"area": "east", "contract": "0300001111", "additional": ["0300002222"]}""");
        string script = Write("call.txt", """
            offhook
            wait 800
            dtmf 0363044747
            wait-guidance
            dtmf 1
            wait-guidance
            dtmf 27182818
            wait-guidance
            dtmf 27182818
            wait-guidance
            onhook
            """);

        // 1. The call, the backend down: stored, tried, waiting.
        string recordId;
        string callEndClaimed;
        DateTimeOffset storedReal;
        using (var daemon = FxsDaemon.Start(atCall, "run", "--board", "sim", "--line", line, "--relay", relay, "--phone-script", script, "--pace", "max"))
        {
            string stored = daemon.WaitFor("stored in the outbox", TimeSpan.FromSeconds(120));
            storedReal = DateTimeOffset.UtcNow;
            recordId = stored.Split("record ")[1].Split(' ')[0];
            daemon.WaitFor("records not delivered", TimeSpan.FromSeconds(60));
            daemon.Terminate();
            Assert.Equal(0, daemon.ExitCode);
            Assert.DoesNotContain(Password, daemon.Output);
        }
        using (var outbox = new Outbox(Path.Combine(_dir, "outbox.db")))
        {
            OutboxRow row = outbox.Find(recordId)!;
            Assert.Equal(OutboxState.Pending, row.State);
            callEndClaimed = JsonDocument.Parse(row.Body).RootElement.GetProperty("callEnd").GetString()!;
        }

        // 2. A restart with the backend up (its first answer a 503), under the clock of the delivery.
        Volatile.Write(ref refuseNext, 1);
        backend.Start();
        string delivered;
        using (var daemon = FxsDaemon.Start(atDelivery, "run", "--board", "sim", "--line", line, "--relay", relay))
        {
            daemon.WaitFor("HTTP 503", TimeSpan.FromSeconds(60));
            delivered = daemon.WaitFor("Record " + recordId + " delivered", TimeSpan.FromSeconds(60));
            daemon.Terminate();
            Assert.Equal(0, daemon.ExitCode);
            Assert.DoesNotContain("expired", daemon.Output);
        }

        (string answerText, DateTimeOffset received) = (await backend.AnswersAsync())[recordId];
        JsonElement answer = JsonDocument.Parse(answerText).RootElement;
        DateTimeOffset setAt = answer.GetProperty("setAt").GetDateTimeOffset();
        DateTimeOffset expiresAt = answer.GetProperty("expiresAt").GetDateTimeOffset();
        TimeSpan error = setAt - storedReal;
        string row0 = $"| {jump} | {atCall ?? "real"} | {atDelivery ?? "real"} | callEnd claimed {callEndClaimed}; after the restart 503 once, retried; backend {answer.GetProperty("status").GetString()}, "
            + $"setAt {setAt.UtcDateTime:HH:mm:ss} UTC = call's real end {error.TotalSeconds:+0.0;-0.0} s, valid {(expiresAt - setAt).TotalHours:0} h, "
            + $"received {(received - storedReal).TotalSeconds:0} s after the call | "
            + (delivered.Contains("delivered (201)", StringComparison.Ordinal) ? "yes (201)" : "NO") + " |";
        output.WriteLine("| jump | daemon clock at the call | at the delivery | what happened | delivered? |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(row0);
        Console.WriteLine("FAKETIME " + row0);

        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.InRange(error, -Tolerance, Tolerance);
        Assert.Equal(TimeSpan.FromHours(24), expiresAt - setAt);
        Assert.True(await backend.PasswordLogsInAsync(RelayBackend.Contract, Password));
    }

    private string WriteRelay(RelayBackend backend)
    {
        string pfx = Path.Combine(_dir, "device.pfx");
        File.WriteAllBytes(pfx, backend.DeviceCertificate.Export(X509ContentType.Pkcs12));
        RelayOptions options = backend.RelayOptions(Path.Combine(_dir, "outbox.db"));
        options.ClientCertificatePath = pfx;
        options.BaseRetryDelay = TimeSpan.FromMilliseconds(500); // phase 2 finds the record due within a second
        options.MaxRetryDelay = TimeSpan.FromSeconds(1);
        return Write("relay.json", JsonSerializer.Serialize(options, JsonSerializerOptions.Web));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
