using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

public class DemoTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DemoPlacesEveryCallPrintsATranscriptWithoutPasswordDigitsAndSavesStereoAudio()
    {
        string outDir = _dir.File("demo");
        CliResult r = FxsCli.Ok("demo", "--out", outDir);
        string text = r.Stdout;

        Assert.Equal(6, r.StdoutLines.Count(l => l.StartsWith("== Call ", StringComparison.Ordinal)));
        Assert.Equal(5, r.StdoutLines.Count(l => l.Contains("decided  password set for", StringComparison.Ordinal)));
        Assert.Contains("password set for 0300001111 (unit 1 line)", text);
        Assert.Contains("password set for 0300002222 (unit 2 phone-number)", text);
        Assert.Contains("password set for 0300003333 (unit 3 admin-user)", text);
        Assert.Contains("password set for 0300002222 (unit 3 admin-user)", text);   // notify = additional number
        Assert.Single(r.StdoutLines, l => l.EndsWith("IVR ended: failed", StringComparison.Ordinal));
        Assert.Contains("decided  too-many-errors", text);
        Assert.Contains("heard    0363044747 (dial pulses)", text);
        Assert.Contains("played   [unit-menu] 「仮パスワードの設定を行います。", text);
        Assert.Contains("played   busy tone", text);
        Assert.Contains("6 calls, 5 passwords set, 5 applied by the backend.", text);
        Assert.Empty(r.Stderr);

        // Each set password went through the relay to the backend started in process, and the
        // temporary password logs in to the settings site.
        Assert.Single(r.StdoutLines, l => l.StartsWith("Relay: gateway hgw-0001 seals each password", StringComparison.Ordinal)
            && l.Contains("the reference backend started in this process at https://127.0.0.1:", StringComparison.Ordinal));
        string[] applied = r.StdoutLines.Where(l => Regex.IsMatch(l, @"^  backend: record [0-9a-f-]{36} applied \(030000[0-9]{4}, expires ")).ToArray();
        Assert.Equal(5, applied.Length);
        Assert.Equal(new[] { "0300001111", "0300002222", "0300003333", "0300002222", "0300001111" },
            applied.Select(l => Regex.Match(l, @"applied \((\d+),").Groups[1].Value));
        Assert.Single(r.StdoutLines, l => l.StartsWith("site: login 0300001111 with the temporary password xxxxxxxx at https://127.0.0.1:", StringComparison.Ordinal)
            && l.Contains(": ok, POST /login 302 → /top", StringComparison.Ordinal));

        // The demo's passwords never show; keyed passwords show as x on both sides (record IDs
        // and the key pin are random: left out of the check).
        string shown = Regex.Replace(text, @"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|key pinned: [^)]*", "");
        foreach (string secret in new[] { "27182818", "27182819", "1234", "12*" })
        {
            Assert.DoesNotContain(secret, shown);
        }
        Assert.Contains("phone    keys xxxxxxxx", text);
        Assert.Contains("heard    xxxxxxxx (DTMF)", text);
        Assert.Contains("heard    xxxxxxxx (dial pulses)", text);

        string[] wavs = Directory.GetFiles(outDir, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(6, wavs.Length);
        foreach (string wav in wavs)
        {
            using var reader = new WaveFileReader(wav);
            Assert.Equal(8000, reader.WaveFormat.SampleRate);
            Assert.Equal(2, reader.WaveFormat.Channels);
            Assert.Equal(16, reader.WaveFormat.BitsPerSample);
            Assert.True(reader.TotalTime > TimeSpan.FromSeconds(30), wav + " lasts " + reader.TotalTime);
            var bytes = new byte[reader.Length];
            Assert.Equal(bytes.Length, reader.Read(bytes, 0, bytes.Length));
            double left = 0, right = 0;
            for (int i = 0; i + 3 < bytes.Length; i += 4)
            {
                double l = BitConverter.ToInt16(bytes, i), rr = BitConverter.ToInt16(bytes, i + 2);
                left += l * l;
                right += rr * rr;
            }
            Assert.True(left > 0 && right > 0, wav + ": a silent channel");
        }
    }

    [Fact]
    public void DemoWithoutABackendKeepsThePasswordsOnTheSimBoard()
    {
        CliResult r = FxsCli.Ok("demo", "--out", _dir.File("demo"), "--no-backend");
        Assert.Contains("Relay: none (--no-backend)", r.Stdout);
        Assert.Equal(5, r.StdoutLines.Count(l => l.Contains("decided  password set for", StringComparison.Ordinal)));
        Assert.DoesNotContain("backend: record", r.Stdout);
        Assert.DoesNotContain("site: login", r.Stdout);
        Assert.EndsWith("6 calls, 5 passwords set.", r.StdoutLines[^1]);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void DemoRefusesABackendWithoutADeviceCertificate()
    {
        CliResult r = FxsCli.Run("demo", "--out", _dir.File("x"), "--backend", "https://127.0.0.1:5443/");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--device-cert", r.Stderr);
        Assert.Equal(2, FxsCli.Run("demo", "--out", _dir.File("x"), "--no-backend", "--backend", "https://127.0.0.1:5443/").Exit);
    }

    [Fact]
    public void DemoRefusesAMissingPromptDirectory()
    {
        CliResult r = FxsCli.Run("demo", "--out", _dir.File("x"), "--prompts", _dir.File("no-such-dir"));
        Assert.Equal(3, r.Exit);
        Assert.Contains("cannot load the guidance", r.Stderr);
    }
}
