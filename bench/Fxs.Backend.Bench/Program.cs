using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fxs.Backend.Passwords;
using Fxs.Relay.Sealing;

namespace Fxs.Backend.Bench;

/// <summary>
/// The backend under load on loopback (issue #4, targets): starts the real backend (its built
/// Fxs.Backend.dll, a separate process, production settings: PBKDF2 600,000 iterations) on
/// 127.0.0.1 with a fresh data folder and a bench provisioning, then drives it with a closed-loop
/// .NET load driver (HttpClient, N concurrent workers, fixed duration):
/// (a) <c>POST /device/v1/records</c> with the device's client certificate (mutual TLS, server
/// pinned by the key it showed first; wrk and bombardier cannot present client certificates, and
/// the backend has no switch to skip device authentication, so no Debian tool drives this path);
/// (b) site logins: <c>GET /login</c> (antiforgery cookie and form token) then <c>POST /login</c>
/// (number, the temporary password set by (a), the token) answered 302 to /top;
/// (c) <c>GET /login</c> alone, as the cheap-page baseline.
/// Prints a Markdown table: requests/s, p50/p99/max latency. Traffic only to 127.0.0.1.
/// <para>Usage: <c>Fxs.Backend.Bench --backend PATH/Fxs.Backend.dll [--seconds 10] [--concurrency 8]</c>; with
/// <c>--scenario wave</c>, the outage wave (<see cref="Wave.WaveBench"/>).</para>
/// </summary>
public static class Program
{
    private const string DeviceId = "hgw-bench";
    private const string Contract = "0300001111";
    private const string Password = "58293746";

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--wave-worker", ..])
        {
            return await Wave.WaveWorker.RunAsync(args); // a share of the wave's gateways (Wave/WaveWorker.cs)
        }
        string? backendDll = Arg(args, "--backend");
        int seconds = int.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        int concurrency = int.Parse(Arg(args, "--concurrency") ?? "8", CultureInfo.InvariantCulture);
        if (backendDll is null || !File.Exists(backendDll))
        {
            Console.Error.WriteLine("usage: Fxs.Backend.Bench --backend PATH/Fxs.Backend.dll [--seconds 10] [--concurrency 8]");
            return 2;
        }
        if (Arg(args, "--scenario") is "wave")
        {
            return await Wave.WaveBench.RunAsync(backendDll, args); // issue #17 item 4: the outage wave
        }
        Console.Error.WriteLine($"{Environment.ProcessorCount} cores; {seconds} s per scenario, {concurrency} workers");
        string hashTable = HashBench.Run(seconds);
        var rows = new List<string>();
        foreach (PasswordAlgorithm algorithm in new[] { PasswordAlgorithm.Argon2id, PasswordAlgorithm.Pbkdf2Sha256 })
        {
            bool last = algorithm == PasswordAlgorithm.Pbkdf2Sha256;
            rows.AddRange(await BackendScenariosAsync(backendDll, algorithm, seconds, concurrency, baselines: last));
        }
        Console.WriteLine($"Backend on loopback (127.0.0.1, separate process, production settings: OWASP parameters, pepper), {Environment.ProcessorCount} cores shared by backend and driver, closed loop, {concurrency} workers, {seconds} s each.");
        Console.WriteLine();
        Console.WriteLine("| scenario | requests | ok | errors | req/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (string row in rows) { Console.WriteLine(row); }
        Console.WriteLine();
        Console.WriteLine(hashTable);
        return 0;
    }

    private static string Label(PasswordAlgorithm algorithm) => algorithm == PasswordAlgorithm.Argon2id
        ? "Argon2id 19 MiB t=2" : "PBKDF2-SHA256 600k";

    /// <summary>The backend as a separate process hashing with <paramref name="algorithm"/>: records and logins (and, once, the cheap-page baselines).</summary>
    private static async Task<List<string>> BackendScenariosAsync(string backendDll, PasswordAlgorithm algorithm, int seconds, int concurrency, bool baselines)
    {
        string dir = Directory.CreateTempSubdirectory("fxs-backend-bench-").FullName;
        using X509Certificate2 device = DeviceCertificate();
        string provisioning = Path.Combine(dir, "provisioning.json");
        await File.WriteAllTextAsync(provisioning, $$"""
            { "lines": [ { "lineId": "line-bench", "area": "east",
                "contract": { "number": "{{Contract}}", "services": ["voiceWarp"] },
                "additional": [ {{string.Join(", ", Enumerable.Range(0, concurrency).Select(w => $"{{ \"number\": \"{WorkerNumber(w)}\", \"services\": [] }}"))}} ] } ],
              "gateways": [ { "deviceId": "{{DeviceId}}", "lineId": "line-bench",
                "clientCertificateSha256": "{{device.GetCertHashString(HashAlgorithmName.SHA256)}}",
                "ports": [ { "port": 1, "notifyNumber": "{{Contract}}" } ] } ] }
            """);
        int sitePort = FreePort();
        int devicePort = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(backendDll))! };
        start.ArgumentList.Add(Path.GetFullPath(backendDll));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The production listeners (appsettings.Production.json) on free ports: the site's, and the device API's (client certificate required).
        start.Environment["Kestrel__Endpoints__Site__Url"] = $"https://127.0.0.1:{sitePort}";
        start.Environment["Kestrel__Endpoints__Device__Url"] = $"https://127.0.0.1:{devicePort}";
        start.Environment["Backend__DataDirectory"] = Path.Combine(dir, "data");
        start.Environment["Backend__ProvisioningFile"] = provisioning;
        start.Environment["Passwords__Algorithm"] = algorithm.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using Process backend = Process.Start(start)!;
        backend.OutputDataReceived += (_, _) => { };
        backend.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("backend: " + e.Data); } };
        backend.BeginOutputReadLine();
        backend.BeginErrorReadLine();
        try
        {
            var url = new Uri($"https://127.0.0.1:{sitePort}/");
            var deviceUrl = new Uri($"https://127.0.0.1:{devicePort}/");
            byte[] pin = await FirstSeenKeyAsync(sitePort);
            using var deviceClient = new HttpClient(Handler(pin, device, concurrency, cookies: false)) { BaseAddress = deviceUrl };
            byte[] sealingKey = await SealingKeyAsync(deviceClient);
            Console.Error.WriteLine($"backend up: site {url}, device API {deviceUrl} (pid {backend.Id}), hashing with {algorithm}");

            var rows = new List<string>();
            rows.Add(await RunAsync($"records: POST /device/v1/records (mutual TLS, {Label(algorithm)}, .NET driver)", seconds, concurrency,
                _ => ct => PostRecordAsync(deviceClient, sealingKey, RandomPassword(), ct)));
            // Each worker logs in to its own number (unit 2): logins of one number in parallel count as pending failures (issue #13 item 1).
            for (int w = 0; w < concurrency; w++)
            {
                if (await PostRecordAsync(deviceClient, sealingKey, Password, default, unit: 2, target: WorkerNumber(w)) != HttpStatusCode.Created) { throw new InvalidOperationException("could not set the login password"); }
            }
            rows.Add(await RunAsync($"site logins: GET /login + POST /login → 302 ({Label(algorithm)}, .NET driver)", seconds, concurrency,
                w =>
                {
                    var client = new HttpClient(Handler(pin, null, 1, cookies: true)) { BaseAddress = url };
                    return ct => LoginAsync(client, WorkerNumber(w), ct);
                }));
            if (baselines)
            {
                rows.Add(await RunAsync("baseline: GET /login (antiforgery form, .NET driver)", seconds, concurrency,
                    _ =>
                    {
                        var client = new HttpClient(Handler(pin, null, 1, cookies: true)) { BaseAddress = url };
                        return async ct => { using HttpResponseMessage r = await client.GetAsync("login", ct); await r.Content.ReadAsByteArrayAsync(ct); return r.StatusCode; };
                    }));
                if (await WrkAsync(url, seconds, concurrency) is string wrk) { rows.Add(wrk); }
            }
            return rows;
        }
        finally
        {
            if (!backend.HasExited) { backend.Kill(entireProcessTree: true); await backend.WaitForExitAsync(); }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Closed loop: each worker sends its next request when the last one is answered. ok = 2xx/3xx.</summary>
    private static async Task<string> RunAsync(string name, int seconds, int concurrency, Func<int, Func<CancellationToken, Task<HttpStatusCode>>> worker)
    {
        var latencies = new List<double>[concurrency];
        int ok = 0, errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var tasks = new Task[concurrency];
        for (int w = 0; w < concurrency; w++)
        {
            var mine = latencies[w] = new List<double>();
            Func<CancellationToken, Task<HttpStatusCode>> send = worker(w);
            tasks[w] = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        HttpStatusCode status = await send(CancellationToken.None);
                        mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        if ((int)status is >= 200 and < 400) { Interlocked.Increment(ref ok); } else { Interlocked.Increment(ref errors); }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            });
        }
        await Task.WhenAll(tasks);
        double elapsed = clock.Elapsed.TotalSeconds;
        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        string row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {all.Length} | {ok} | {errors} | {ok / elapsed:0.0} | {Percentile(all, 0.50):0.0} | {Percentile(all, 0.99):0.0} | {(all.Length == 0 ? 0 : all[^1]):0.0} |");
        Console.Error.WriteLine(row);
        return row;
    }

    /// <summary>wrk (Debian's package) on GET /login, when it is installed: the same page as the baseline, by a standard tool.</summary>
    private static async Task<string?> WrkAsync(Uri url, int seconds, int concurrency)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-t", "2", "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s", "--latency", new Uri(url, "login").ToString() }) { start.ArgumentList.Add(a); }
        Process? wrk;
        try { wrk = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception) { Console.Error.WriteLine("wrk not installed: no wrk row"); return null; }
        if (wrk is null) { return null; }
        using (wrk)
        {
            string text = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            Console.Error.WriteLine(text);
            double Ms(string label)
            {
                Match m = Regex.Match(text, @"^\s*" + label + @"%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
                if (!m.Success) { return double.NaN; }
                double v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                return m.Groups[2].Value switch { "us" => v / 1000, "ms" => v, _ => v * 1000 };
            }
            Match total = Regex.Match(text, @"(\d+) requests in");
            Match rps = Regex.Match(text, @"Requests/sec:\s+([\d.]+)");
            Match bad = Regex.Match(text, @"Non-2xx or 3xx responses: (\d+)");
            Match socketErrors = Regex.Match(text, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
            long requests = total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            long errors = (bad.Success ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                + (socketErrors.Success ? Enumerable.Range(1, 4).Sum(i => long.Parse(socketErrors.Groups[i].Value, CultureInfo.InvariantCulture)) : 0);
            return string.Create(CultureInfo.InvariantCulture,
                $"| baseline: GET /login (wrk {concurrency} connections, 2 threads) | {requests} | {requests - errors} | {errors} | {(rps.Success ? rps.Groups[1].Value : "?")} | {Ms("50"):0.0} | {Ms("99"):0.0} | n/a |");
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The additional number a login worker uses: 03-0000-3000 + w.</summary>
    private static string WorkerNumber(int worker) => (300_003_000 + worker).ToString("D10", CultureInfo.InvariantCulture);

    private static async Task<HttpStatusCode> PostRecordAsync(HttpClient client, byte[] sealingKey, string password, CancellationToken ct, int unit = 1, string target = Contract)
    {
        string id = Guid.CreateVersion7().ToString("D");
        DateTimeOffset end = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        DateTimeOffset begin = end.AddSeconds(-75);
        byte[] sealedPassword = PasswordSealing.Seal(sealingKey, id, Encoding.ASCII.GetBytes(password));
        string body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["recordId"] = id, ["deviceId"] = DeviceId, ["unit"] = unit, ["targetNumber"] = target, ["notifyNumber"] = Contract,
            ["accessNumber"] = "0363044747", ["callStart"] = begin.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["callEnd"] = end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ["durationMs"] = 75000, ["chargeUnits"] = 1,
            ["sealing"] = PasswordSealing.Scheme, ["sealedPassword"] = Convert.ToBase64String(sealedPassword),
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("device/v1/records", content, ct);
        string answer = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created && Interlocked.Increment(ref _shownErrors) <= 3) { Console.Error.WriteLine($"record: {(int)response.StatusCode} {answer}"); }
        return response.StatusCode;
    }

    private static int _shownErrors;

    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Compiled);

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string number, CancellationToken ct)
    {
        string page = await client.GetStringAsync("login", ct);
        string token = TokenField.Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("number", number), new("password", Password), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]);
        using HttpResponseMessage response = await client.PostAsync("login", form, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        bool ok = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/top";
        if (!ok && Interlocked.Increment(ref _shownErrors) <= 3) { Console.Error.WriteLine($"login: {(int)response.StatusCode}"); }
        return ok ? HttpStatusCode.Redirect : HttpStatusCode.InternalServerError;
    }

    private static async Task<byte[]> SealingKeyAsync(HttpClient client)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync("device/v1/sealing-key"));
                return Convert.FromBase64String(doc.RootElement.GetProperty("publicKey").GetString()!);
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Trust on first use, loopback only: the key the backend shows on 127.0.0.1 is pinned for the run.</summary>
    internal static async Task<byte[]> FirstSeenKeyAsync(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                byte[]? pin = null;
                using var tls = new SslStream(tcp.GetStream(), false, (_, cert, _, _) =>
                {
                    pin = SHA256.HashData(X509CertificateLoader.LoadCertificate(cert!.GetRawCertData()).PublicKey.ExportSubjectPublicKeyInfo());
                    return true;
                });
                await tls.AuthenticateAsClientAsync("127.0.0.1");
                return pin!;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    private static SocketsHttpHandler Handler(byte[] pin, X509Certificate2? client, int connections, bool cookies) => new()
    {
        UseProxy = false,
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = client is null ? null : new X509CertificateCollection { client },
            LocalCertificateSelectionCallback = client is null ? null : (_, _, _, _, _) => client,
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null &&
                CryptographicOperations.FixedTimeEquals(pin, SHA256.HashData(X509CertificateLoader.LoadCertificate(cert.GetRawCertData()).PublicKey.ExportSubjectPublicKeyInfo())),
        },
    };

    private static X509Certificate2 DeviceCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={DeviceId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static string RandomPassword() => RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
