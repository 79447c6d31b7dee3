using System.Diagnostics;
using Npgsql;

namespace Fxs.Backend.Tests;

/// <summary>
/// A real PostgreSQL server for the tests (issue #17): Debian's `postgresql` package (.ci/run
/// installs it), a fresh cluster made by initdb in a temporary folder and started by pg_ctl on a
/// Unix socket in that folder (no TCP port, so parallel test runs cannot collide), once per test
/// process. PostgreSQL refuses to run as root: as root, the cluster
/// belongs to the package's `postgres` user (runuser). Trust authentication on the socket, whose
/// folder only that user and root can enter; fsync off (a test cluster needs no durability). A
/// watchdog stops it and removes its folder when the test process is gone.
/// Each <see cref="BackendApp"/> gets a schema of its own (<see cref="CreateStore"/>), emptied and
/// reused by a later one. Without the package the PostgreSQL tests fail with the command that
/// installs it; they never skip.
/// </summary>
public static class PostgresServer
{
    /// <summary>Connections the server accepts: two instances' pools (<see cref="PoolSize"/> each) in several tests at once, with room.</summary>
    private const int MaxConnections = 400;

    /// <summary>Each backend instance's Npgsql pool: enough for the 300-login burst to overlap, well under the server's limit.</summary>
    public const int PoolSize = 40;

    private static readonly Lazy<string> SocketDirectory = new(Start);

    /// <summary>
    /// Set before the first use for a server that keeps its data as production would (fsync,
    /// synchronous commit, full-page writes: the outage-wave bench, issue #17 item 4). The tests
    /// leave it false: a test cluster needs no durability.
    /// </summary>
    public static bool Durable { get; set; }
    private static int _schemas;

    private static string AdminConnectionString => $"Host={SocketDirectory.Value};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>
    /// An empty store: a schema of its own in the one test database, first on the connection's
    /// search path (CREATE SCHEMA takes milliseconds where CREATE DATABASE takes most of a second);
    /// returns its connection string. With <paramref name="reuse"/>, a schema an earlier test gave
    /// back (<see cref="DropStore"/>), already migrated and emptied: creating the tables is most of
    /// a backend's start on PostgreSQL. Without it, a fresh one at version 0 (the migration tests).
    /// </summary>
    public static string CreateStore(out string name, bool reuse = true)
    {
        if (!reuse || !Emptied.TryTake(out name!))
        {
            name = $"fxs_{Environment.ProcessId}_{Interlocked.Increment(ref _schemas)}";
            Admin($"CREATE SCHEMA {name}");
        }
        return $"Host={SocketDirectory.Value};Username=postgres;Database=postgres;Search Path={name};Maximum Pool Size={PoolSize}";
    }

    /// <summary>
    /// Ends a test's store. With <paramref name="reuse"/> its tables are emptied (every row gone;
    /// the schema's version stays) and the schema waits for the next test;
    /// else it is dropped.
    /// </summary>
    public static void DropStore(string name, bool reuse = true)
    {
        if (!reuse)
        {
            Admin($"DROP SCHEMA IF EXISTS {name} CASCADE");
            return;
        }
        // DELETE, not TRUNCATE (which makes new files for each table: as slow as creating them); the
        // foreign keys' triggers off for this session, so the order of the tables does not matter.
        Admin($$"""
            SET session_replication_role = replica;
            DO $empty$
            DECLARE t text;
            BEGIN
                FOR t IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = '{{name}}' AND tablename <> 'schema_version'
                LOOP EXECUTE 'DELETE FROM ' || t; END LOOP;
            END
            $empty$;
            """);
        Emptied.Add(name);
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Emptied = [];

    private static void Admin(string sql)
    {
        using var c = new NpgsqlConnection(AdminConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The folder of PostgreSQL's server programs (initdb, pg_ctl): Debian's /usr/lib/postgresql/VERSION/bin, the newest.</summary>
    public static string? BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static string Start()
    {
        string bin = BinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the backend's tests run on both stores; install it with `apt-get install -y postgresql` (as root; .ci/run does it).");
        bool root = Environment.UserName == "root" || Native.GetEUid() == 0;
        string dir = Directory.CreateTempSubdirectory("fxs-pg-").FullName;
        string data = Path.Combine(dir, "data");
        if (root)
        {
            Run("chown", "postgres:postgres", dir);
        }
        WorkingDirectory = dir; // the postgres user may not enter the test's own folder
        As(root, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        As(root, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o",
            $"-k {dir} -c listen_addresses='' -c max_connections={MaxConnections} {(Durable ? "-c shared_buffers=128MB" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB")}",
            "start");
        // The test host may be killed before any exit handler of its own runs (the runner ends it):
        // a watchdog outside its process tree stops the server and removes the folder once it is gone.
        string pgCtl = (root ? "runuser -u postgres -- " : "") + Path.Combine(bin, "pg_ctl");
        string watchdog = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {pgCtl} -D '{data}' -m immediate -w stop; rm -rf '{dir}'";
        Run("sh", "-c", $"setsid -f sh -c \"{watchdog}\" </dev/null >/dev/null 2>&1");
        return dir;
    }

    private static string? WorkingDirectory;

    private static void As(bool root, string program, params string[] args)
    {
        if (root) { Run("runuser", ["-u", "postgres", "--", program, .. args]); }
        else { Run(program, args); }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = WorkingDirectory ?? "" };
        foreach (string a in args) { start.ArgumentList.Add(a); }
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {p.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }

    private static class Native
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
        public static extern uint GetEUid();
    }
}
