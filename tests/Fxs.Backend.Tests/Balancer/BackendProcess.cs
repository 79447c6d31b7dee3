using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fxs.Backend.Tests.Balancer;

/// <summary>
/// One backend instance as a real process (issue #17 item 3): <c>dotnet Fxs.Backend.dll</c> from the
/// test's output folder, production settings (<c>ASPNETCORE_ENVIRONMENT=Production</c>: the two
/// named listeners, the site's and the device API's with its required client certificate) on free
/// loopback ports, on a shared PostgreSQL store, with a data folder of its own holding the files a
/// deployment gives every instance. A process rather than a Kestrel host in the test's process:
/// killing it (SIGKILL) drops its connections and its in-flight requests the way a crashed machine
/// does, and nothing (pools, caches, the data protection key ring in memory) is shared by accident.
/// </summary>
public sealed class BackendProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <param name="name">For messages: a, b, c.</param>
    /// <param name="dataDirectory">Its data folder, with the shared secret files already in it.</param>
    /// <param name="provisioning">The provisioning file (the same for every instance).</param>
    /// <param name="connectionString">The shared PostgreSQL store.</param>
    /// <param name="balancer">The balancer's source address: PROXY protocol headers are read from it only.</param>
    public BackendProcess(string name, string dataDirectory, string provisioning, string connectionString, IPAddress balancer)
    {
        Name = name;
        SitePort = LoopbackPorts.Free();
        DevicePort = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory, // its appsettings*.json are copied beside the tests
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fxs.Backend.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Site__Url"] = $"https://127.0.0.1:{SitePort}";
        start.Environment["Kestrel__Endpoints__Device__Url"] = $"https://127.0.0.1:{DevicePort}";
        start.Environment["Backend__DataDirectory"] = dataDirectory;
        start.Environment["Backend__ProvisioningFile"] = provisioning;
        start.Environment["Backend__ProxyProtocolFrom"] = balancer.ToString();
        start.Environment["Store__Provider"] = "PostgreSql";
        start.Environment["Store__ConnectionString"] = connectionString;
        // Cheap hashing: the test is about the balancer, not the hash (as BackendApp's).
        start.Environment["Passwords__Argon2idIterations"] = "1";
        start.Environment["Passwords__Argon2idMemoryKiB"] = "8";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start)!;
        ChildWatchdog.Watch(_process);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int SitePort { get; }
    public int DevicePort { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote (for a failure's message).</summary>
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    private void Keep(string? line)
    {
        if (line is null) { return; }
        lock (_output) { _output.AppendLine(line); }
    }

    /// <summary>Waits until <c>GET /healthz</c> answers 200 on its site listener (asked directly, not through the balancer).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // the instance's own dev certificate
        }) { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) { throw new InvalidOperationException($"backend {Name} exited ({_process.ExitCode}):\n{Output}"); }
            try
            {
                using HttpResponseMessage r = await client.GetAsync($"https://127.0.0.1:{SitePort}/healthz");
                if (r.StatusCode == HttpStatusCode.OK) { return; }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (waited.Elapsed > timeout) { throw new TimeoutException($"backend {Name} not healthy after {timeout.TotalSeconds:F0} s:\n{Output}"); }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, its connections reset mid-request.</summary>
    public void Kill()
    {
        if (_process.HasExited) { return; }
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

}
