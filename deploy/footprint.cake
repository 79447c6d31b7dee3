// `dotnet cake --target=Footprint [--board=NAME]`: for each Linux board (kind linux-gpio in boards/, or
// --board), its linux-arm64 artefact's size, its start-up to ready time and its resident memory after a
// full call, printed as a Markdown table. The artefact runs `fxs run --simulated-hardware` (the board's
// whole HAL on simulated GPIO and PCM parts, the sim line's model phone playing deploy/footprint/call.txt
// in real time, the relay sealing the record into an outbox whose backend does not answer) under
// qemu-aarch64-static; where the board also lists linux-x64, that artefact runs natively beside it.
// Under qemu-user the times are the emulator's (several times slower than a Pi's cores) and the resident
// memory includes qemu's own and its translated-code cache: an upper bound for the device; the managed
// heap in use is the process's own on any host.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

public sealed record FootprintRow(string Board, string Rid, string Where, double ArtefactMb, int Files, double TarballMb,
    long ReadyObservedMs, long ReadyReportedMs, long RssKb, long ManagedHeapKb, string Outcome);

public static class Footprint
{
    public static FootprintRow Measure(string repo, string board, string rid, string artefactDir, string tarball, string workDir, Action<string> log)
    {
        System.IO.Directory.CreateDirectory(workDir);
        string relay = WriteRelay(workDir);
        // rid may carry a note ("linux-arm64 (NativeAOT)"): the runtime identifier is its first word.
        bool emulate = rid.Split(' ')[0] == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64;
        string fxs = System.IO.Path.Combine(artefactDir, "fxs");
        var psi = new ProcessStartInfo(emulate ? "qemu-aarch64-static" : fxs) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (emulate) { psi.ArgumentList.Add(fxs); } // arm64 libraries from Debian multiarch, as .ci/run installs them
        foreach (string a in new[] { "run", "--board", System.IO.Path.Combine(artefactDir, "board.json"),
            "--line", System.IO.Path.Combine(repo, "deploy/footprint/line.json"), "--relay", relay,
            "--phone-script", System.IO.Path.Combine(repo, "deploy/footprint/call.txt"),
            "--simulated-hardware", "--exit-after-script", "--log-format", "json" })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        log("> " + psi.FileName + " " + string.Join(" ", psi.ArgumentList));

        long readyObserved = -1, readyReported = -1, rssKb = -1, heapKb = -1;
        string outcome = "none";
        var watch = Stopwatch.StartNew();
        using Process p = Process.Start(psi)!;
        var err = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (err) { err.AppendLine(e.Data); } } };
        p.BeginErrorReadLine();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            int id = e.GetProperty("EventId").GetInt32();
            JsonElement state = e.GetProperty("State");
            if (id == 1 && readyObserved < 0)
            {
                readyObserved = watch.ElapsedMilliseconds;
                readyReported = state.GetProperty("StartupMs").GetInt64();
            }
            else if (id == 7)
            {
                outcome = state.GetProperty("Outcome").GetString() ?? "?";
                rssKb = state.GetProperty("RssKb").GetInt64();
                heapKb = state.GetProperty("ManagedHeapKb").GetInt64();
            }
            if (id >= 11 || e.GetProperty("LogLevel").GetString() is "Error" or "Critical") { log("  " + e.GetProperty("Message").GetString()); }
        }
        p.WaitForExit();
        if (p.ExitCode != 0 || readyObserved < 0 || rssKb < 0)
        {
            throw new Exception($"{board} {rid}: fxs run exited {p.ExitCode} (ready {readyObserved} ms, rss {rssKb} KiB):\n{err}");
        }
        long bytes = 0;
        int files = 0;
        foreach (string f in System.IO.Directory.GetFiles(artefactDir, "*", System.IO.SearchOption.AllDirectories)) { bytes += new System.IO.FileInfo(f).Length; files++; }
        return new FootprintRow(board, rid, emulate ? "qemu-aarch64 (emulated)" : "native", bytes / 1048576.0, files,
            new System.IO.FileInfo(tarball).Length / 1048576.0, readyObserved, readyReported, rssKb, heapKb, outcome);
    }

    public static string Table(IEnumerable<FootprintRow> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| board | runtime | ran on | artefact | tarball | start-up to ready (observed / reported by fxs) | resident memory after the call | managed heap in use | outcome |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (FootprintRow r in rows)
        {
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Board} | {r.Rid} | {r.Where} | {r.ArtefactMb:F1} MB, {r.Files} files | {r.TarballMb:F1} MB | {r.ReadyObservedMs} ms / {r.ReadyReportedMs} ms | {r.RssKb / 1024.0:F1} MiB{(r.Where == "native" ? "" : " (with qemu's)")} | {r.ManagedHeapKb / 1024.0:F1} MiB | {r.Outcome} |"));
        }
        return sb.ToString();
    }

    // A relay configuration for the bench: a fresh sealing key and device certificate, a backend on a
    // loopback port that refuses (the record waits in the outbox, as on a gateway without a network).
    private static string WriteRelay(string dir)
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fxs-footprint", key, HashAlgorithmName.SHA256);
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string pfx = System.IO.Path.Combine(dir, "device.pfx");
        System.IO.File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12));
        string outbox = System.IO.Path.Combine(dir, "outbox.db");
        if (System.IO.File.Exists(outbox)) { System.IO.File.Delete(outbox); }
        string json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["deviceId"] = "fxs-footprint",
            ["backendUrl"] = "https://127.0.0.1:9/",
            ["backendSpkiSha256"] = new[] { Convert.ToBase64String(new byte[32]) },
            ["carrierSealingKey"] = Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()),
            ["clientCertificatePath"] = pfx,
            ["outboxPath"] = outbox,
        });
        string path = System.IO.Path.Combine(dir, "relay.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }
}
