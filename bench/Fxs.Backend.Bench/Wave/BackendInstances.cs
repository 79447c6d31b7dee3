using System.Diagnostics;
using Fxs.Backend.Data;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// Several instances of the real backend (its built Fxs.Backend.dll, one process each, production
/// settings and listeners on free loopback ports) on one store and one data folder: the same TLS
/// certificate, carrier sealing key, pepper and key ring key on each, as backend/README.md asks of
/// a deployment; the SQLite file is then shared too (Backend:DatabasePath), PostgreSQL by its
/// connection string. The first instance starts alone (it makes the pepper and the key ring key,
/// migrates, loads the provisioning); the others after it.
/// </summary>
internal sealed class BackendInstances : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    /// <summary>How long an instance may take to listen (3 min: 5,000 gateways' provisioning on a loaded machine).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public List<Uri> DeviceUrls { get; } = [];

    public static async Task<BackendInstances> StartAsync(string backendDll, int count, string dataDirectory, string provisioning,
        StoreProvider store, string? connectionString, IReadOnlyDictionary<string, string> hashSettings)
    {
        var instances = new BackendInstances();
        try
        {
            for (int i = 0; i < count; i++)
            {
                await instances.StartOneAsync(backendDll, i, dataDirectory, provisioning, store, connectionString, hashSettings);
            }
        }
        catch
        {
            await instances.DisposeAsync();
            throw;
        }
        return instances;
    }

    private async Task StartOneAsync(string backendDll, int index, string dataDirectory, string provisioning, StoreProvider store, string? connectionString,
        IReadOnlyDictionary<string, string> hashSettings)
    {
        int sitePort = Program.FreePort();
        int devicePort = Program.FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(backendDll))! };
        start.ArgumentList.Add(Path.GetFullPath(backendDll));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Site__Url"] = $"https://127.0.0.1:{sitePort}";
        start.Environment["Kestrel__Endpoints__Device__Url"] = $"https://127.0.0.1:{devicePort}";
        start.Environment["Backend__DataDirectory"] = dataDirectory;
        start.Environment["Backend__ProvisioningFile"] = provisioning;
        start.Environment["Store__Provider"] = store.ToString();
        if (connectionString is not null) { start.Environment["Store__ConnectionString"] = connectionString; }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach ((string key, string value) in hashSettings) { start.Environment[key] = value; }
        Process backend = Process.Start(start)!;
        _processes.Add(backend);
        backend.OutputDataReceived += (_, _) => { };
        backend.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"backend {index + 1}: " + e.Data); } };
        backend.BeginOutputReadLine();
        backend.BeginErrorReadLine();
        // Listening means migrated and provisioning loaded; on a loaded machine that can take minutes (FirstSeenKeyAsync gives up after 20 s).
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Task listening = Program.FirstSeenKeyAsync(sitePort);
            if (await Task.WhenAny(listening, backend.WaitForExitAsync()) != listening)
            {
                throw new InvalidOperationException($"backend {index + 1} exited with {backend.ExitCode} before listening (its messages are above)");
            }
            try
            {
                await listening;
                break;
            }
            catch (System.Net.Sockets.SocketException) when (waited.Elapsed < StartTimeout)
            {
            }
        }
        DeviceUrls.Add(new Uri($"https://127.0.0.1:{devicePort}/"));
        Console.Error.WriteLine($"backend {index + 1} up (pid {backend.Id}), device API {DeviceUrls[^1]}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process p in _processes)
        {
            try
            {
                if (!p.HasExited) { p.Kill(entireProcessTree: true); }
                await p.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // never started
            }
            p.Dispose();
        }
        _processes.Clear();
    }
}
