using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Fxs.Backend.Hosting;
using Fxs.Relay;

namespace Fxs.Cli.Tests;

// Issue #15 item 2: `fxs selftest --board FILE --line F --relay F`, the end-of-line test, on the Linux
// board's whole HAL with simulated parts (the simulated card's hybrid echoes 9 ms later, 12 dB down: the
// reported delay and return loss are checked against it), and on the sim board; the relay against the real
// backend in process, its dry-run record validated and not stored.
public sealed class SelfTestBoardTests : IDisposable
{
    private const int PathDelaySamples = 72;     // SimulatedEchoPath's 9 ms
    private const double PathLossDb = 12.0;      // and 12 dB

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Line() => Write("line.json", """{"area": "east", "contract": "0300001111", "additional": ["0300002222"]}""");

    private string Write(string name, string text)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string BackendRelay(DemoRunningBackendTests.RunningBackend backend, int devicePort)
    {
        using X509Certificate2 server = DevCertificate.LoadOrCreate(backend.DataDirectory, TimeProvider.System);
        using var sealing = new CarrierSealingKey(Path.Combine(backend.DataDirectory, "carrier-sealing-key.pem"));
        return Write("relay.json", "{ \"deviceId\": \"hgw-0001\", \"backendUrl\": \"https://127.0.0.1:" + devicePort + "/\", "
            + "\"backendSpkiSha256\": [\"" + RelayOptions.SpkiPin(server) + "\"], \"carrierSealingKey\": \"" + Convert.ToBase64String(sealing.PublicKeySpki) + "\", "
            + "\"clientCertificatePath\": \"" + backend.DevicePfx + "\", \"outboxPath\": \"" + _dir.File("outbox.db") + "\" }");
    }

    private static double Number(string line, string pattern) =>
        double.Parse(Regex.Match(line, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Check(CliResult r, string name) => Assert.Single(r.StdoutLines, l => l.StartsWith("ok   " + name + ": ", StringComparison.Ordinal));

    [Fact]
    public async Task TheLinuxBoardsWholeHalOnSimulatedPartsPassesAndMeasuresTheHybridsEcho()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);

        CliResult r = await Task.Run(() => FxsCli.Run("selftest", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", BackendRelay(backend, device),
            "--simulated-hardware"));

        Assert.True(r.Exit == 0, r.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "fxs-selftest-board-simulated.txt"), r.Stdout); // for the README's example
        Assert.StartsWith("ok   gpio: SHK line 17 (RM 27, F/R 22) on simulated GPIO: the loop is open (on hook)", r.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("ok   audio: capture plughw:CARD=Device,DEV=0 and playback plughw:CARD=Device,DEV=0 at 8000 Hz", r.StdoutLines[1], StringComparison.Ordinal);
        string echo = Check(r, "echo");
        // The delay after the frame queued last: the card's buffering (whole frames) plus the path's 9 ms.
        int delay = (int)Number(echo, @"\((\d+) samples after the frame queued last\)");
        int buffering = delay - PathDelaySamples;
        Assert.True(buffering >= 0 && buffering % 80 <= 2 || buffering % 80 >= 78, echo);
        Assert.InRange(buffering, 0, 7 * 80); // the estimator looks 80 ms (640 samples) after the frame queued last
        Assert.InRange(Number(echo, @"return loss (-?[\d.]+) dB"), PathLossDb - 1.0, PathLossDb + 1.0); // a loaded machine's late frames go out as silence
        Assert.Matches(@"; (write ""echoDelayFrames"": \d in the board file \(it says 2\)( \(the most a board file takes; [^)]*\))?|""echoDelayFrames"": 2 in the board file is right) \(\d+ ms\)$", echo);
        string level = Check(r, "level");
        Assert.InRange(Number(level, @", (-?[\d.]+) dBm0 came back"), -10.0 - PathLossDb - 1.0, -10.0 - PathLossDb + 1.0);
        Check(r, "prompts");
        foreach (string relayCheck in new[] { "relay file", "client certificate", "tls", "device api", "sealing key" }) { Check(r, relayCheck); }
        Assert.Contains("validated by the backend and not stored: 200 ", Check(r, "dry run"));
        Assert.Matches(@"^selftest: 11 of 11 checks passed in [\d.]+ s$", r.StdoutLines[^1]);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public async Task TheMcp23017BoardsHookSwitchIsReadThroughItsSimulatedExpander()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);

        CliResult r = await Task.Run(() => FxsCli.Run("selftest", "--board", "raspberry-pi-ag1171-mcp23017", "--line", Line(),
            "--relay", BackendRelay(backend, device), "--simulated-hardware"));

        Assert.True(r.Exit == 0, r.ToString());
        // SHK, RM and F/R are expander pins (board lines 1024 + pin), read and driven through the Mcp23xxx driver's registers.
        Assert.Matches(@"^ok   gpio: SHK line 10\d\d \(RM 10\d\d, F/R 10\d\d\) on a simulated MCP23017 at 0x[0-9a-f]{2} on /dev/i2c-\d+ and gpiochip: the loop is open \(on hook\)",
            r.StdoutLines[0]);
        Assert.Matches(@"^selftest: 11 of 11 checks passed in [\d.]+ s$", r.StdoutLines[^1]);
    }

    [Fact]
    public async Task TheSimBoardPassesWithItsOwnEchoAndLevels()
    {
        (int site, int device) = LoopbackPorts.FreePair();
        await using var backend = await DemoRunningBackendTests.RunningBackend.StartAsync(_dir.Path, site, device);

        CliResult r = await Task.Run(() => FxsCli.Run("selftest", "--board", "sim", "--line", Line(), "--relay", BackendRelay(backend, device)));

        Assert.True(r.Exit == 0, r.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "fxs-selftest-board-sim.txt"), r.Stdout);
        Assert.StartsWith("ok   gpio: the sim line's hook switch: the loop is open (on hook)", r.StdoutLines[0], StringComparison.Ordinal);
        // The sim board plays the frame queued last in the next frame; its hybrid's main tap is 1 ms in, 6 dB down (boards/sim.json).
        string echo = Check(r, "echo");
        Assert.InRange(Number(echo, @"\((\d+) samples after the frame queued last\)"), 6, 12);
        Assert.InRange(Number(echo, @"return loss (-?[\d.]+) dB"), 5.0, 7.5);
        Assert.Contains("\"echoDelayFrames\": 1 in the board file is right", echo);
        Assert.InRange(Number(Check(r, "level"), @", (-?[\d.]+) dBm0 came back"), -17.5, -15.0);
        Assert.Equal("selftest: 11 of 11 checks passed", string.Join(' ', r.StdoutLines[^1].Split(' ').Take(6)));
    }

    [Fact]
    public void ABoardWhoseGpioWillNotOpenIsOneLineAndExit7AndTheRelayIsNotTried()
    {
        using var sealing = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        string relay = Write("relay.json", "{\"deviceId\": \"hgw-0001\", \"backendUrl\": \"https://127.0.0.1:9/\", \"backendSpkiSha256\": [\""
            + Convert.ToBase64String(new byte[32]) + "\"], \"carrierSealingKey\": \"" + Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()) + "\"}");
        // The shipped Pi board names libgpiod-v2 (libgpiod.so.3), which this machine does not have.
        CliResult r = FxsCli.Run("selftest", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", relay);

        Assert.Equal(ExitCodes.HardwareUnavailable, r.Exit);
        Assert.StartsWith("fxs selftest: libgpiod.so.3 not found", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void TheBoardTestWantsItsLineAndRelayAndTheHelpListsItsCodes()
    {
        CliResult r = FxsCli.Run("selftest", "--board", "sim", "--line", Line());
        Assert.Equal(ExitCodes.Usage, r.Exit);
        Assert.Equal("fxs selftest: --board needs --line FILE and --relay FILE (the end-of-line test tries the relay with a record from that line)", Assert.Single(r.StderrLines));
        Assert.Contains(ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.SelfTestFailed, ExitCodes.HardwareUnavailable),
            FxsCli.Ok("selftest", "--help").Stdout.Replace("\n", " ").Replace("  ", " "));
    }
}
