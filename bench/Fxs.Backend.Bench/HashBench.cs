using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fxs.Backend.Passwords;
using Microsoft.Extensions.Options;

namespace Fxs.Backend.Bench;

/// <summary>
/// The password hash choice (issue #13 item 3), measured on the backend's own
/// <see cref="PasswordHasher"/> (peppered, as stored): PBKDF2-HMAC-SHA256 at 600,000 iterations
/// (.NET on OpenSSL), Argon2id at OWASP's two settings (19 MiB t=2, 46 MiB t=1; libsodium through
/// Geralt), and Argon2id at 19 MiB with as many passes as cost PBKDF2's time (equal server cost).
/// Per setting: the median time of one hash on one thread, and hashes per second with every core
/// busy (what logins per second the backend's CPU allows). Prints a Markdown table.
/// </summary>
public static class HashBench
{
    private sealed record Setting(string Name, PasswordHashOptions Options, int MemoryKiB);

    public static string Run(int seconds)
    {
        string dir = Directory.CreateTempSubdirectory("fxs-hash-bench-").FullName;
        try
        {
            var pepper = new PepperKeys(Path.Combine(dir, "pepper.keys"));
            var pbkdf2 = new Setting("PBKDF2-HMAC-SHA256, 600,000 iterations", new PasswordHashOptions { Algorithm = PasswordAlgorithm.Pbkdf2Sha256 }, 0);
            var owasp1 = new Setting("Argon2id 19 MiB, t=2, p=1 (OWASP)", new PasswordHashOptions(), PasswordHashOptions.OwaspArgon2idMemoryKiB);
            var owasp2 = new Setting("Argon2id 46 MiB, t=1, p=1 (OWASP)", new PasswordHashOptions { Argon2idMemoryKiB = 47_104, Argon2idIterations = 1 }, 47_104);
            var rows = new List<string>();
            double pbkdf2Ms = Measure(pbkdf2, pepper, seconds, rows);
            double argonMs = Measure(owasp1, pepper, seconds, rows);
            Measure(owasp2, pepper, seconds, rows);
            int equalPasses = Math.Max(2, (int)Math.Round(PasswordHashOptions.OwaspArgon2idIterations * pbkdf2Ms / argonMs));
            Measure(new Setting($"Argon2id 19 MiB, t={equalPasses}, p=1 (PBKDF2's time)",
                new PasswordHashOptions { Argon2idIterations = equalPasses }, PasswordHashOptions.OwaspArgon2idMemoryKiB), pepper, seconds, rows);
            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"Password hashes, the backend's PasswordHasher (HMAC-SHA256 pepper, then the slow hash), {Environment.ProcessorCount} cores (shared machine), {seconds} s per setting:");
            table.AppendLine();
            table.AppendLine("| setting | ms per hash, 1 thread (median) | hashes/s, all cores | memory per guess |");
            table.AppendLine("|---|---|---|---|");
            foreach (string row in rows) { table.AppendLine(row); }
            return table.ToString();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Measure(Setting setting, PepperKeys pepper, int seconds, List<string> rows)
    {
        var hasher = new PasswordHasher(Options.Create(setting.Options), pepper);
        string stored = hasher.Hash("warm-up1");
        var times = new List<double>();
        var single = Stopwatch.StartNew();
        while (single.Elapsed.TotalSeconds < seconds / 2.0 || times.Count < 5)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (!hasher.Verify("warm-up1", stored)) { throw new InvalidOperationException("verify failed"); }
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        times.Sort();
        double median = times[times.Count / 2];

        int done = 0;
        var parallel = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (parallel.Elapsed.TotalSeconds < seconds / 2.0) { hasher.Verify("warm-up1", stored); Interlocked.Increment(ref done); }
        })).ToArray();
        foreach (Thread t in threads) { t.Start(); }
        foreach (Thread t in threads) { t.Join(); }
        double perSecond = done / parallel.Elapsed.TotalSeconds;

        string memory = setting.MemoryKiB == 0 ? "~0 (fits GPU registers)" : $"{setting.MemoryKiB / 1024.0:0.#} MiB";
        string row = string.Create(CultureInfo.InvariantCulture, $"| {setting.Name} | {median:0.0} | {perSecond:0.0} | {memory} |");
        Console.Error.WriteLine(row);
        rows.Add(row);
        return median;
    }
}
