using System.Data.Common;
using Fxs.Backend.Data;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #17 item 1: one schema, versioned migrations for both stores. Each test on a fresh
/// SQLite file and a fresh PostgreSQL schema, without a backend around them.
/// </summary>
public sealed class StoreMigrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-migrate-").FullName;
    private readonly List<string> _schemas = [];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string schema in _schemas) { PostgresServer.DropStore(schema, reuse: false); }
        Directory.Delete(_dir, recursive: true);
    }

    private Database Sqlite() => new(Path.Combine(_dir, $"store-{Guid.NewGuid():N}.db"));

    private Database PostgreSql(out string connectionString)
    {
        connectionString = PostgresServer.CreateStore(out string schema, reuse: false);
        _schemas.Add(schema);
        return Database.PostgreSql(connectionString);
    }

    public static TheoryData<StoreProvider> Stores => [StoreProvider.Sqlite, StoreProvider.PostgreSql];

    private Database Fresh(StoreProvider store) => store == StoreProvider.Sqlite ? Sqlite() : PostgreSql(out _);

    /// <summary>Every table's columns, sorted: "table.column".</summary>
    private static async Task<List<string>> ColumnsAsync(Database db)
    {
        await using DbConnection c = await db.OpenAsync();
        string sql = db.Provider == StoreProvider.Sqlite
            ? "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
            : "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_version'";
        await using DbCommand cmd = Database.Command(c, sql, null);
        await using DbDataReader r = await cmd.ExecuteReaderAsync();
        var columns = new List<string>();
        while (await r.ReadAsync()) { columns.Add(r.GetString(0)); }
        columns.Sort(StringComparer.Ordinal);
        return columns;
    }

    [Fact]
    public async Task BothStoresHaveTheSameTablesAndColumnsAtEveryVersion()
    {
        await using Database sqlite = Sqlite();
        await using Database postgres = PostgreSql(out _);
        for (int version = 1; version <= Database.Migrations.Length; version++)
        {
            await sqlite.MigrateAsync(version, default);
            await postgres.MigrateAsync(version, default);
            Assert.Equal(version, await sqlite.VersionAsync());
            Assert.Equal(version, await postgres.VersionAsync());
            Assert.Equal(await ColumnsAsync(sqlite), await ColumnsAsync(postgres));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AVersion1StoreKeepsItsLoginFailuresInOrderThroughTheUpgrade(StoreProvider store)
    {
        await using Database db = Fresh(store);
        await db.MigrateAsync(1, default);
        await using (DbConnection c = await db.OpenAsync())
        {
            foreach (string key in new[] { "number:0300001111", "client:192.0.2.1", "number:0300001111" })
            {
                await Database.ExecuteAsync(c, "INSERT INTO login_failures (key, at_ms) VALUES (@k, 1000)", default, null, ("@k", key));
            }
        }
        await db.MigrateAsync();
        await using DbConnection after = await db.OpenAsync();
        var rows = new List<(long Id, string Key)>();
        await using (DbCommand cmd = Database.Command(after, "SELECT id, key FROM login_failures ORDER BY id", null))
        await using (DbDataReader r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) { rows.Add((r.GetInt64(0), r.GetString(1))); }
        }
        // The rows keep their order of insertion (the throttle deletes "up to this attempt" by id).
        Assert.Equal(["number:0300001111", "client:192.0.2.1", "number:0300001111"], rows.Select(x => x.Key));
        Assert.True(rows[0].Id < rows[1].Id && rows[1].Id < rows[2].Id);
        long next = (long)(await Database.ScalarAsync(after, "INSERT INTO login_failures (key, at_ms) VALUES ('net:x', 2000) RETURNING id", default))!;
        Assert.True(next > rows[2].Id);
    }

    [Fact]
    public async Task InstancesStartingTogetherOnPostgreSqlMigrateOnce()
    {
        await using Database first = PostgreSql(out string connectionString);
        await using Database second = Database.PostgreSql(connectionString);
        await using Database third = Database.PostgreSql(connectionString);
        await Task.WhenAll(first.MigrateAsync(), second.MigrateAsync(), third.MigrateAsync());
        Assert.Equal(Database.Migrations.Length, await first.VersionAsync());
        await using DbConnection c = await first.OpenAsync();
        Assert.Equal(1L, (long)(await Database.ScalarAsync(c, "SELECT count(*) FROM schema_version", default))!);
    }
}
