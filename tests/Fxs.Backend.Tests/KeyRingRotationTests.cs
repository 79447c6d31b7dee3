using System.Diagnostics;
using System.Net;
using System.Text;
using Fxs.Backend.Data;
using Fxs.Relay.Sealing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #17: rotating key-ring.key (the key that encrypts data protection's keys in the database)
/// logs nobody out. The procedure of backend/README.md ("The key ring"), with instances of one
/// deployment on one store: a new key added as the file's last line (the old one kept as an
/// earlier line, read only), `rotate-key-ring` (<see cref="KeyRingRotation"/>), then an instance
/// given only the new key still opens a form and a session made before the rotation. Without the
/// rotation that instance refuses the form: the test would see a rotation that did nothing.
/// </summary>
public abstract class KeyRingRotationTests(StoreProvider store)
{
    private readonly CookieContainer _cookies = new();

    /// <summary>A browser on <paramref name="instance"/> sharing one cookie jar with the others (a balancer sending each request elsewhere).</summary>
    private Browser On(BackendApp instance)
    {
        var client = new HttpClient(new CookieContainerHandler(_cookies) { InnerHandler = instance.Server.CreateHandler() }) { BaseAddress = new Uri("https://localhost") };
        client.DefaultRequestHeaders.Add("X-Test-Client-Ip", "192.0.2.10");
        return new Browser(client);
    }

    /// <summary>Sets <paramref name="instance"/>'s key-ring.key (before it starts) to these lines; the last encrypts.</summary>
    private static void KeyFile(BackendApp instance, params string[] lines)
    {
        string path = Path.Combine(instance.DataDirectory, "key-ring.key");
        PrivateFiles.WriteAllBytes(path, Encoding.ASCII.GetBytes(string.Concat(lines)));
    }

    [Fact]
    public async Task ARotatedKeyRingKeyLogsNobodyOutAndTheOldKeyCanThenGo()
    {
        using var a = new BackendApp(store: store);
        _ = a.Services;
        string oldKey = File.ReadAllText(Path.Combine(a.DataDirectory, "key-ring.key"));
        await a.SetTemporaryAsync(1, BackendApp.Contract, BackendApp.Contract, "12345678");
        string token;
        using (Browser onA = On(a))
        {
            using (HttpResponseMessage login = await onA.LoginAsync(BackendApp.Contract, "12345678")) { Assert.Equal(HttpStatusCode.Redirect, login.StatusCode); }
            (_, string top) = await onA.GetAsync("/top");
            token = Browser.Token(top); // the logout form's token, protected under the key ring's key that key-ring.key's old key encrypts
        }

        // The new key, last in the file (it encrypts); the old one kept before it (it still decrypts). An instance so configured
        // makes a key of its own: the ring now holds one row under each.
        string newKey = KeyRingKey.NewLine();
        using var b = new BackendApp(sameStoreAs: a);
        KeyFile(b, oldKey, newKey);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        b.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        KeyRingKey ring = b.Services.GetRequiredService<KeyRingKey>();
        Assert.Equal(2, ring.Keys.Count);

        // Control: an instance given only the new key before the rotation cannot open the form (400): the old row is under the old key.
        using (var early = new BackendApp(sameStoreAs: a))
        {
            KeyFile(early, newKey);
            using Browser onEarly = On(early);
            using HttpResponseMessage refused = await onEarly.Client.PostAsync("/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        // `rotate-key-ring` as an operator runs it, with that instance's settings; then again, in process: nothing left to do.
        Assert.Equal($"key ring (key {ring.KeyId}): 1 re-encrypted, 1 already under it, 0 changed meanwhile", await RotateCommandAsync(b));
        Assert.Equal(new KeyRingRotation.Result(0, 2, 0), await KeyRingRotation.RotateAsync(b.Services.GetRequiredService<Database>(), ring, default));
        foreach (string xml in await KeyRowsAsync(b))
        {
            Assert.Contains($"keyId=\"{ring.KeyId}\"", xml);
            Assert.DoesNotContain($"keyId=\"{KeyRingKey.Id(Convert.FromBase64String(oldKey.Trim()))}\"", xml);
        }

        // The old key gone: an instance with only the new one serves the session and the form made before the rotation.
        using var c = new BackendApp(sameStoreAs: a);
        KeyFile(c, newKey);
        using Browser onC = On(c);
        (HttpStatusCode status, string page) = await onC.GetAsync("/top");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("03-0000-1111", page);
        using (HttpResponseMessage logout = await onC.Client.PostAsync("/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }
    }

    [Fact]
    public void AKeyFileWithABadLineNamesTheLine()
    {
        string dir = Directory.CreateTempSubdirectory("fxs-keyring-").FullName;
        try
        {
            string path = Path.Combine(dir, "key-ring.key");
            PrivateFiles.WriteAllBytes(path, Encoding.ASCII.GetBytes(KeyRingKey.NewLine() + "not a key\n"));
            var e = Assert.Throws<InvalidDataException>(() => new KeyRingKey(path));
            Assert.Equal($"{path} line 2: expected a 32-byte key in base64 (one key a line; the last encrypts, all decrypt).", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet Fxs.Backend.dll rotate-key-ring</c> on <paramref name="instance"/>'s data folder and store; its last line.</summary>
    private static async Task<string> RotateCommandAsync(BackendApp instance)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (string a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Fxs.Backend.dll"), "rotate-key-ring",
            $"--Backend:DataDirectory={instance.DataDirectory}",
            $"--Backend:ProvisioningFile={Path.Combine(instance.DataDirectory, "provisioning.json")}",
            $"--Store:Provider={instance.Store}",
            instance.Store == StoreProvider.PostgreSql ? $"--Store:ConnectionString={instance.ConnectionString}" : $"--Backend:DatabasePath={instance.DatabasePath}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"rotate-key-ring exited with {p.ExitCode}: {stdout}{await stderr}");
        return stdout.Trim().Split('\n')[^1];
    }

    private static async Task<List<string>> KeyRowsAsync(BackendApp instance)
    {
        await using System.Data.Common.DbConnection c = await instance.Services.GetRequiredService<Database>().OpenAsync();
        await using System.Data.Common.DbCommand cmd = Database.Command(c, "SELECT xml FROM data_protection_keys", null);
        await using System.Data.Common.DbDataReader r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) { rows.Add(r.GetString(0)); }
        return rows;
    }
}

/// <summary>The rotation on PostgreSQL (the production store).</summary>
public sealed class KeyRingRotationTestsOnPostgreSql() : KeyRingRotationTests(StoreProvider.PostgreSql);

/// <summary>The rotation on SQLite.</summary>
public sealed class KeyRingRotationTestsOnSqlite() : KeyRingRotationTests(StoreProvider.Sqlite);
