using System;
using System.IO;
using System.Text.Json;
using Fxs.Relay;

namespace Fxs.Cli.SelfTest;

// The relay's storage on this machine: a SQLite outbox (Microsoft.Data.Sqlite and its native
// e_sqlite3 for this runtime, WAL, synchronous) in a scratch directory, one row committed and read
// back; and the relay's configuration reader (source-generated, as the trimmed edition needs). A
// gateway whose outbox cannot open would lose every record, so this is checked before the daemon runs.
internal static class OutboxCheck
{
    private const string Name = "outbox";

    public static SelfTestResult Run()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fxs-selftest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var now = DateTimeOffset.UtcNow;
            using (var outbox = new Outbox(Path.Combine(dir, "outbox.db")))
            {
                outbox.Add("selftest", now, now, "{\"selftest\":true}");
            }
            OutboxRow? row;
            using (var reopened = new Outbox(Path.Combine(dir, "outbox.db")))
            {
                row = reopened.Find("selftest");
            }
            if (row is null || row.State != OutboxState.Pending || row.Body != "{\"selftest\":true}")
            {
                return SelfTestResult.Fail(Name, "expected the committed row back after reopening, found " + (row is null ? "none" : row.State + " " + row.Body));
            }
            RelayOptions? options = JsonSerializer.Deserialize("{\"deviceId\":\"selftest\",\"pollInterval\":\"00:00:02\"}", RelayJsonContext.Default.RelayOptions);
            if (options is null || options.DeviceId != "selftest" || options.PollInterval != TimeSpan.FromSeconds(2))
            {
                return SelfTestResult.Fail(Name, "expected the relay configuration reader to read deviceId and pollInterval, found "
                    + (options is null ? "null" : options.DeviceId + " " + options.PollInterval));
            }
            return SelfTestResult.Ok(Name, "SQLite outbox committed and read back a row in " + Path.GetTempPath() + "; relay configuration reader ok");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException
            or Microsoft.Data.Sqlite.SqliteException or JsonException)
        {
            return SelfTestResult.Fail(Name, "expected a working SQLite outbox in " + Path.GetTempPath() + ", found " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }
}
