using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fxs.Relay;

namespace Fxs.Backend.Bench.Wave;

/// <summary>
/// A share of the wave's gateways in a process of its own: a process may hold 20,000 descriptors
/// here (no CAP_SYS_RESOURCE to raise it), and each gateway holds four (its outbox, the outbox's
/// WAL and shared memory, its TLS connection), so 5,000 gateways take two workers of up to
/// <see cref="GatewaysPerWorker"/>. Protocol on standard input and output: the worker makes its
/// gateways (outbox, call, sender; the outboxes with their records are made once in a template
/// folder and copied for each row) and prints <c>ready</c>; on <c>go</c> every sender's loop starts; when
/// all its gateways are done (or after --max-seconds) it prints <c>result JSON</c> (<see cref="WaveResult"/>).
/// </summary>
internal static class WaveWorker
{
    public const int GatewaysPerWorker = 2500;

    public static async Task<int> RunAsync(string[] args)
    {
        int first = int.Parse(Program.Arg(args, "--first")!, CultureInfo.InvariantCulture);
        int count = int.Parse(Program.Arg(args, "--count")!, CultureInfo.InvariantCulture);
        Uri[] urls = [.. Program.Arg(args, "--urls")!.Split(',').Select(u => new Uri(u))];
        string pin = Program.Arg(args, "--pin")!;
        string sealingKey = Program.Arg(args, "--sealing-key")!;
        string certDir = Program.Arg(args, "--certs")!;
        string outboxes = Program.Arg(args, "--outboxes")!;
        string template = Program.Arg(args, "--template")!;
        int maxSeconds = int.Parse(Program.Arg(args, "--max-seconds")!, CultureInfo.InvariantCulture);
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);

        string[] ids = [.. Enumerable.Range(first, count).Select(WaveCertificates.DeviceId)];
        (_, X509Certificate2[] certs) = WaveCertificates.LoadOrCreate(certDir, ids);
        var gateways = new WaveGateway[count];
        try
        {
            Parallel.For(0, count, k =>
            {
                int i = first + k;
                var options = new RelayOptions
                {
                    DeviceId = ids[k],
                    BackendUrl = urls[i % urls.Length], // round-robin over the instances, no balancer
                    BackendSpkiSha256 = [pin],
                    CarrierSealingKey = sealingKey,
                    OutboxPath = Path.Combine(template, $"gw-{i}.db"),
                };
                // The gateway's outbox with its record is made once (a call through the IVR into the sink) and copied for each row.
                if (!File.Exists(options.OutboxPath))
                {
                    using var made = new WaveGateway(i, options, certs[k], WaveBench.Contract(i), WaveBench.IsExpired(i), WaveBench.Password);
                }
                File.Copy(options.OutboxPath, Path.Combine(outboxes, $"gw-{i}.db"));
                options.OutboxPath = Path.Combine(outboxes, $"gw-{i}.db");
                gateways[k] = new WaveGateway(i, options, certs[k], WaveBench.Contract(i), WaveBench.IsExpired(i), WaveBench.Password);
            });
            var stats = new WaveStats(count, first);
            foreach (WaveGateway g in gateways)
            {
                WaveGateway gw = g;
                gw.AttemptObserver = (result, took) => stats.Attempt(gw, result, took);
            }
            Console.WriteLine("ready");
            if (Console.ReadLine() != "go") { return 1; }

            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            stats.Start(clock);
            Task[] loops = [.. gateways.Select(g => Task.Run(() => g.RunAsync(stop.Token)))]; // all at once
            int shown = 0;
            while (stats.Done < count && clock.Elapsed.TotalSeconds < maxSeconds)
            {
                await Task.Delay(500);
                if ((int)clock.Elapsed.TotalSeconds / 10 > shown) { shown = (int)clock.Elapsed.TotalSeconds / 10; Console.Error.WriteLine(stats.Progress()); }
            }
            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60));
            Console.Error.WriteLine(stats.Progress());
            Console.WriteLine("result " + JsonSerializer.Serialize(stats.Result(gateways)));
            return 0;
        }
        finally
        {
            foreach (WaveGateway? g in gateways) { g?.Dispose(); }
        }
    }
}
