using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fxs.Backend.Data;
using Fxs.Backend.Hosting;
using Fxs.Backend.Tests;
using Fxs.Relay;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// Issue #17 item 4, the outage wave: N simulated gateways (<see cref="WaveGateway"/>: the relay's
/// own outbox, sink and sender, each with its own dev-CA client certificate and line), each holding
/// a record made during the outage, all start delivering in the same instant against 1, 2 or 3
/// backend instances (separate processes on one store; gateway i goes to instance i mod n directly,
/// round-robin, no balancer), on SQLite (one shared file) or PostgreSQL (Debian's server, durable
/// settings). Every <see cref="ExpiredEvery"/>-th gateway's record is 24.2 h old (TP-16: refused,
/// counted). Prints a Markdown row per (store, instances): time to drain (the instant until every
/// outbox is empty), each request's latency on the relay's clock (p50, p99, max; the 201s' p99
/// apart), what the backend answered, and the database's own account at the end: every fresh record
/// stored once, applied (the number's credential is that record's), every expired one not applied.
/// <para>Usage: <c>--scenario wave [--gateways 5000] [--instances 1,2,3] [--store sqlite|postgres|both]
/// [--hash light|production] [--max-seconds 240] [--certs artifacts/wave-certs]</c></para>
/// </summary>
internal static class WaveBench
{
    /// <summary>One gateway in this many has a record older than 24 h (2 %).</summary>
    public const int ExpiredEvery = 50;

    internal const string Password = "58293746";

    private const string DevTlsFile = "dev-tls.pfx";
    private const string SealingKeyFile = "carrier-sealing-key.pem";

    /// <summary>What the rows share: the backend's keys (TLS, sealing) and the template outboxes.</summary>
    private sealed record WaveSession(string Keys, string Template);

    /// <summary>Whether gateway i's record is 24.2 h old (one in <see cref="ExpiredEvery"/>).</summary>
    internal static bool IsExpired(int i) => i % ExpiredEvery == ExpiredEvery - 1;

    // The load average (1 min) from /proc/loadavg: the machine is shared, the figures depend on it.
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// "light" (default): Argon2id t=1 over 1 MiB, so that the wave's mechanics (connections,
    /// shedding, retries, the store) are what is measured, not the hash; "production": the
    /// backend's own OWASP setting (19 MiB, t=2): the hash then bounds the drain (BenchBackend's
    /// records row gives its rate).
    /// </summary>
    private static IReadOnlyDictionary<string, string> HashSettings(string hash) => hash == "production"
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { ["Passwords__Argon2idIterations"] = "1", ["Passwords__Argon2idMemoryKiB"] = "1024" };

    public static async Task<int> RunAsync(string backendDll, string[] args)
    {
        int gateways = int.Parse(Program.Arg(args, "--gateways") ?? "5000", CultureInfo.InvariantCulture);
        int[] instanceCounts = (Program.Arg(args, "--instances") ?? "1,2,3").Split(',', '|').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string storeArg = (Program.Arg(args, "--store") ?? "both").ToLowerInvariant();
        string hash = (Program.Arg(args, "--hash") ?? "light").ToLowerInvariant();
        int maxSeconds = int.Parse(Program.Arg(args, "--max-seconds") ?? "240", CultureInfo.InvariantCulture);
        string certDir = Path.GetFullPath(Program.Arg(args, "--certs") ?? "artifacts/wave-certs");
        StoreProvider[] stores = storeArg switch
        {
            "sqlite" => [StoreProvider.Sqlite],
            "postgres" or "postgresql" => [StoreProvider.PostgreSql],
            "both" or "sqlite|postgres" => [StoreProvider.Sqlite, StoreProvider.PostgreSql],
            _ => throw new ArgumentException($"--store {storeArg}: expected sqlite, postgres or both"),
        };
        if (hash is not ("light" or "production")) { throw new ArgumentException($"--hash {hash}: expected light or production"); }

        // Each gateway holds an outbox (3 descriptors: the file, its WAL and shared memory) and a connection.
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);
        string[] ids = Enumerable.Range(0, gateways).Select(WaveCertificates.DeviceId).ToArray();
        var certClock = Stopwatch.StartNew();
        (X509Certificate2 ca, X509Certificate2[] certs) = WaveCertificates.LoadOrCreate(certDir, ids);
        Console.Error.WriteLine($"{gateways} device certificates ready in {certClock.Elapsed.TotalSeconds:F1} s ({certDir})");
        foreach (X509Certificate2 cert in certs) { cert.Dispose(); } // the workers load their own

        // One backend TLS key and carrier sealing key for every row: the records, sealed once to that key, are made once (the
        // outboxes in a template folder, copied for each row: making 5,000 gateways' calls takes longer than delivering them here).
        var session = new WaveSession(Directory.CreateTempSubdirectory("fxs-wave-keys-").FullName,
            Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "fxs-wave-template-" + Guid.NewGuid().ToString("N")) : Directory.CreateTempSubdirectory("fxs-wave-template-").FullName);
        Directory.CreateDirectory(session.Template);
        var rows = new List<string>();
        try
        {
            using (DevCertificate.LoadOrCreate(session.Keys, TimeProvider.System)) { }
            using (new CarrierSealingKey(Path.Combine(session.Keys, SealingKeyFile))) { }
            foreach (StoreProvider store in stores)
            {
                foreach (int instances in instanceCounts)
                {
                    try
                    {
                        rows.Add(await RunRowAsync(backendDll, store, instances, ca, gateways, certDir, session, HashSettings(hash), maxSeconds));
                    }
                    catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
                    {
                        // One row that could not run (an instance that did not start) does not lose the others.
                        Console.Error.WriteLine($"row {store} x {instances} failed: {e.Message}");
                        rows.Add($"| {store} | {instances} | {gateways} | failed: {e.Message.ReplaceLineEndings(" ")} |");
                    }
                }
            }
        }
        finally
        {
            TryDelete(session.Template);
            TryDelete(session.Keys);
        }
        Console.WriteLine($"Outage wave: {gateways} gateways (the relay's Outbox, OutboxSink and RelaySender; one record each, {100 / ExpiredEvery} % of them over 24 h old), all due at once; "
            + $"backend instances as separate processes, gateway i to instance i mod n (no balancer); hash: {(hash == "production" ? "Argon2id 19 MiB t=2 (production)" : "Argon2id 1 MiB t=1 (light)")}; "
            + $"shedding at {new SheddingOptions().PermitsPerCore} requests per core per instance, Retry-After {new SheddingOptions().RetryAfterSeconds} s; "
            + $"{Environment.ProcessorCount} cores shared by the backends, the {gateways} gateways and the store.");
        Console.WriteLine();
        Console.WriteLine("| store | instances | gateways | drained in s | applied once | expired refused | requests | 201 | 503 shed | other 5xx | timeouts / network | p50 ms | p99 ms | p99 of 201s ms | max ms | load avg |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (string row in rows) { Console.WriteLine(row); }
        return 0;
    }

    private static async Task<string> RunRowAsync(string backendDll, StoreProvider store, int instanceCount, X509Certificate2 ca, int n, string certDir, WaveSession session,
        IReadOnlyDictionary<string, string> hashSettings, int maxSeconds)
    {
        string label = store == StoreProvider.Sqlite ? "SQLite" : "PostgreSQL";
        Console.Error.WriteLine($"--- {label}, {instanceCount} instance(s), {n} gateways");
        string dir = Directory.CreateTempSubdirectory("fxs-wave-").FullName;
        // The gateways' outboxes on tmpfs when there is one: 5,000 gateways have 5,000 flash chips, this machine one disk.
        string outboxes = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "fxs-wave-outboxes-" + Guid.NewGuid().ToString("N")) : Path.Combine(dir, "outboxes");
        Directory.CreateDirectory(outboxes);
        string data = Path.Combine(dir, "data");
        string? schema = null;
        WaveResult stats;
        string load;
        try
        {
            string provisioning = WriteProvisioning(dir, ca, n);
            Directory.CreateDirectory(data);
            File.Copy(Path.Combine(session.Keys, DevTlsFile), Path.Combine(data, DevTlsFile));
            File.Copy(Path.Combine(session.Keys, SealingKeyFile), Path.Combine(data, SealingKeyFile));
            using X509Certificate2 server = DevCertificate.LoadOrCreate(data, TimeProvider.System);
            byte[] sealingKey;
            using (var key = new CarrierSealingKey(Path.Combine(data, SealingKeyFile))) { sealingKey = key.PublicKeySpki; }
            string? connectionString = null;
            if (store == StoreProvider.PostgreSql)
            {
                PostgresServer.Durable = true;
                connectionString = PostgresServer.CreateStore(out schema, reuse: false);
            }
            await using BackendInstances backends = await BackendInstances.StartAsync(backendDll, instanceCount, data, provisioning, store, connectionString, hashSettings);

            // The gateways, in worker processes (WaveWorker: the descriptor limit), made before the wave and then all started at once.
            var setup = Stopwatch.StartNew();
            var workers = new List<Process>();
            for (int first = 0; first < n; first += WaveWorker.GatewaysPerWorker)
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
                foreach (string a in new[] { typeof(WaveBench).Assembly.Location, "--wave-worker", "--first", first.ToString(CultureInfo.InvariantCulture),
                    "--count", Math.Min(WaveWorker.GatewaysPerWorker, n - first).ToString(CultureInfo.InvariantCulture),
                    "--urls", string.Join(',', backends.DeviceUrls), "--pin", RelayOptions.SpkiPin(server), "--sealing-key", Convert.ToBase64String(sealingKey),
                    "--certs", certDir, "--outboxes", outboxes, "--template", session.Template, "--max-seconds", maxSeconds.ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(a);
                }
                workers.Add(Process.Start(start)!);
            }
            try
            {
                foreach (Process w in workers)
                {
                    string? line = await w.StandardOutput.ReadLineAsync();
                    if (line != "ready") { throw new InvalidOperationException($"a wave worker failed to start its gateways ({line ?? "exited"})"); }
                }
                Console.Error.WriteLine($"{n} gateways (outbox, call, sender) ready in {workers.Count} worker process(es) in {setup.Elapsed.TotalSeconds:F1} s; go");
                string loadBefore = LoadAverage();
                foreach (Process w in workers) { await w.StandardInput.WriteLineAsync("go"); await w.StandardInput.FlushAsync(); }
                var parts = new List<WaveResult>();
                foreach (Process w in workers)
                {
                    string? line;
                    while ((line = await w.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("result ", StringComparison.Ordinal)) { }
                    parts.Add(JsonSerializer.Deserialize<WaveResult>(line?["result ".Length..] ?? throw new InvalidOperationException("a wave worker ended without its result"))!);
                    await w.WaitForExitAsync();
                }
                stats = WaveResult.Merge(parts);
                load = $"{loadBefore} → {LoadAverage()}";
            }
            finally
            {
                foreach (Process w in workers)
                {
                    if (!w.HasExited) { w.Kill(entireProcessTree: true); }
                    w.Dispose();
                }
            }
            double drained = stats.Done == n ? stats.LastDoneSeconds : double.NaN;
            await backends.DisposeAsync();

            (int appliedOnce, int fresh, int expiredRefused, int expired, List<string> problems) = await CheckStoreAsync(store, data, connectionString, stats.Records);
            foreach (string p in problems.Take(10)) { Console.Error.WriteLine("CHECK: " + p); }
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {instanceCount} | {n} | {(double.IsNaN(drained) ? $"not in {maxSeconds} s ({stats.Done} done)" : drained.ToString("F1", CultureInfo.InvariantCulture))} | {appliedOnce}/{fresh} | {expiredRefused}/{expired} ({stats.ExpiredAnswered} answered expired, {stats.ExpiredParked} parked by the relay) | "
                + $"{stats.Requests} | {stats.Created} | {stats.Shed} | {stats.Other5xx} | {stats.Network} | {Program.Percentile(stats.LatenciesMs, 0.50):F0} | {Program.Percentile(stats.LatenciesMs, 0.99):F0} | {Program.Percentile(stats.CreatedMs, 0.99):F0} | {(stats.LatenciesMs.Length == 0 ? 0 : stats.LatenciesMs[^1]):F0} | {load} |");
            Console.Error.WriteLine(row);
            return row;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (schema is not null) { PostgresServer.DropStore(schema, reuse: false); }
            TryDelete(outboxes);
            TryDelete(dir);
        }
    }

    /// <summary>Gateway i's contract number: 03-1000-0000 + i (Tokyo, TP-3).</summary>
    internal static string Contract(int i) => "03" + (10_000_000 + i).ToString("D8", CultureInfo.InvariantCulture);

    private static string WriteProvisioning(string dir, X509Certificate2 ca, int n)
    {
        File.WriteAllText(Path.Combine(dir, DevCertificates.CaCertificateFile), WaveCertificates.CaPem(ca));
        string path = Path.Combine(dir, "provisioning.json");
        using FileStream file = File.Create(path);
        using var w = new Utf8JsonWriter(file);
        w.WriteStartObject();
        w.WriteString("deviceCaCertificate", DevCertificates.CaCertificateFile); // accepted by the CA: no per-device pin
        w.WriteStartArray("lines");
        for (int i = 0; i < n; i++)
        {
            w.WriteStartObject();
            w.WriteString("lineId", "wave-line-" + i.ToString(CultureInfo.InvariantCulture));
            w.WriteString("area", "east");
            w.WriteStartObject("contract");
            w.WriteString("number", Contract(i));
            w.WriteStartArray("services");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("gateways");
        for (int i = 0; i < n; i++)
        {
            w.WriteStartObject();
            w.WriteString("deviceId", WaveCertificates.DeviceId(i));
            w.WriteString("lineId", "wave-line-" + i.ToString(CultureInfo.InvariantCulture));
            w.WriteNull("clientCertificateSha256");
            w.WriteStartArray("ports");
            w.WriteStartObject();
            w.WriteNumber("port", 1);
            w.WriteString("notifyNumber", Contract(i));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return path;
    }

    /// <summary>
    /// The database's account, read after the instances are gone: each fresh record stored once
    /// with status applied and its number's credential set by it; each expired one stored as
    /// expired (the backend refused to apply it) or not stored (the relay parked it: TP-16), and
    /// its number with no credential.
    /// </summary>
    private static async Task<(int AppliedOnce, int Fresh, int ExpiredRefused, int Expired, List<string> Problems)> CheckStoreAsync(
        StoreProvider store, string data, string? connectionString, GatewayRecord[] gateways)
    {
        var db = Database.From(new StoreOptions { Provider = store, ConnectionString = connectionString }, Path.Combine(data, "backend.db"));
        await using System.Data.Common.DbConnection c = await db.OpenAsync();
        var records = new Dictionary<string, (int Count, string Status)>(StringComparer.Ordinal);
        await using (System.Data.Common.DbCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT record_id, answer FROM records";
            await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                using JsonDocument answer = JsonDocument.Parse(r.GetString(1));
                string id = r.GetString(0);
                records[id] = (records.TryGetValue(id, out var seen) ? seen.Count + 1 : 1, answer.RootElement.GetProperty("status").GetString() ?? "");
            }
        }
        var credentials = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using (System.Data.Common.DbCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT number, record_id FROM credentials";
            await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) { credentials[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetString(1); }
        }
        int appliedOnce = 0, fresh = 0, expiredRefused = 0, expired = 0;
        var problems = new List<string>();
        foreach (GatewayRecord g in gateways)
        {
            records.TryGetValue(g.RecordId, out var stored);
            credentials.TryGetValue(g.Contract, out string? credentialRecord);
            if (g.Expired)
            {
                expired++;
                bool refused = (stored.Count == 0 || stored.Status == "expired") && credentialRecord is null;
                if (refused) { expiredRefused++; } else { problems.Add($"{g.RecordId} (24.2 h old): stored {stored.Count} x {stored.Status}, credential {credentialRecord}"); }
            }
            else
            {
                fresh++;
                bool ok = stored.Count == 1 && stored.Status == "applied" && credentialRecord == g.RecordId;
                if (ok) { appliedOnce++; } else { problems.Add($"{g.RecordId}: stored {stored.Count} x {stored.Status}, credential {credentialRecord}, outbox {g.OutboxState}"); }
            }
        }
        var sent = gateways.Select(g => g.RecordId).ToHashSet(StringComparer.Ordinal);
        int strangers = records.Keys.Count(id => !sent.Contains(id));
        if (strangers > 0) { problems.Add($"{strangers} records stored that no gateway sent"); }
        return (appliedOnce, fresh, expiredRefused, expired, problems);
    }

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
