using System;
using System.IO;
using System.Security.Cryptography;

namespace Fxs.Cli.Tests;

// Issue #14 item 3: one policy for every configuration file, and `fxs config check` reading them all at
// once as `fxs run` does (one line per file, exit 3 when one is bad). Item 2: one rule for numbers.
public sealed class ConfigCheckTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Board(string text = "") => Write("sim.json", """
        // a sim board, commented
        { "name": "sim", "description": "test sim", "kind": "sim", "runtimes": ["linux-x64",], "echoDelayFrames": 1,
        """ + text + " }");

    private string Line(string extra = "") => Write("line.json", """
        // the line of the test gateway (docs/configuration.md)
        { "area": "east", "contract": "0300001111", /* TP-1 */ "additional": ["0300002222",], 
        """ + extra + " }");

    private string Relay(string extra = "")
    {
        using var sealing = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Write("relay.json", "// the relay\n{ \"deviceId\": \"hgw-test\", \"backendUrl\": \"https://127.0.0.1:9/\", "
            + "\"backendSpkiSha256\": [\"" + Convert.ToBase64String(new byte[32]) + "\"], "
            + "\"carrierSealingKey\": \"" + Convert.ToBase64String(sealing.ExportSubjectPublicKeyInfo()) + "\", "
            + "\"outboxPath\": \"" + _dir.File("outbox.db") + "\"," + extra + " }");
    }

    [Fact]
    public void CommentedFilesAreAllOkOneLineEach()
    {
        string board = Board(), line = Line(), relay = Relay();

        CliResult r = FxsCli.Ok("config", "check", "--board", board, "--line", line, "--relay", relay);

        Assert.Equal(3, r.StdoutLines.Length);
        Assert.StartsWith(board + ": ok (board sim", r.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal(line + ": ok (line: contract 0300001111, 1 additional, notify 0300001111, East)", r.StdoutLines[1]);
        Assert.StartsWith(relay + ": ok (relay: device hgw-test", r.StdoutLines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ATypoInEachFileIsAnErrorWithASuggestion()
    {
        string board = Board("\"sim\": { \"noiseDbm\": -70 }");
        string line = Line("\"notifyNumbr\": \"0300001111\"");
        string relay = Relay("\"outboxMaxByte\": 0");

        CliResult r = FxsCli.Run("config", "check", "--board", board, "--line", line, "--relay", relay);

        Assert.True(r.Exit == 3, r.ToString());
        Assert.Equal(
            [
                board + ": sim.noiseDbm: expected one of the fields echoReturnLossDb, noiseDbm0, format, seed, found unknown field \"noiseDbm\" (did you mean \"noiseDbm0\"?)",
                line + ": notifyNumbr: expected one of the fields area, contract, additional, notifyNumber, found unknown field \"notifyNumbr\" (did you mean \"notifyNumber\"?)",
                relay + ": outboxMaxByte: expected one of the fields deviceId, backendUrl, backendSpkiSha256, carrierSealingKey, clientCertificatePath, "
                    + "clientCertificatePassword, outboxPath, outboxMaxBytes, outboxReserveBytes, baseRetryDelay, maxRetryDelay, maxRetryAfter, "
                    + "inProcessRetries, inProcessBaseDelay, attemptTimeout, pollInterval, found unknown field \"outboxMaxByte\" (did you mean \"outboxMaxBytes\"?)",
            ],
            r.StdoutLines);
    }

    [Fact]
    public void ABoardNameResolvesBesideFxsAndAnUnknownOneIsSuggested()
    {
        Assert.Contains(": ok (board sim", FxsCli.Ok("config", "check", "--board", "sim").Stdout, StringComparison.Ordinal);

        CliResult r = FxsCli.Run("config", "check", "--board", "raspberry-pi-ag117");
        Assert.Equal(3, r.Exit);
        Assert.Contains("(did you mean \"raspberry-pi-ag1171\"?)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFileIsUsage()
    {
        CliResult r = FxsCli.Run("config", "check");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--board", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDaemonRefusesALineFileTypoAsTheCheckDoes()
    {
        string line = Line("\"addtional\": [\"0300003333\"]");

        CliResult run = FxsCli.Run("run", "--board", "sim", "--line", line);
        CliResult check = FxsCli.Run("config", "check", "--line", line);

        Assert.Equal(3, run.Exit);
        Assert.Equal(3, check.Exit);
        Assert.Equal("fxs run: " + check.StdoutLines[0], Assert.Single(run.StderrLines));
        Assert.EndsWith("(did you mean \"additional\"?)", check.StdoutLines[0], StringComparison.Ordinal);
    }

    // Item 2: call and replay take and refuse the same numbers with the same words (the core's LineNumbers).
    [Theory]
    [InlineData("12345", "--contract: expected a Japanese number from the area code, digits only (TP-3), found \"12345\", which does not start with 0 (write it from the area code)")]
    [InlineData("030000111", "--contract: expected a Japanese number from the area code, digits only (TP-3), found \"030000111\", which is too short for a Japanese number")]
    [InlineData("0363044747", "--contract: expected a Japanese number from the area code, digits only (TP-3), found \"0363044747\", which is the temporary-password access number (TP-4)")]
    public void CallAndReplayRefuseABadContractNumberAlike(string number, string message)
    {
        string script = Write("call.txt", "offhook\nwait 100\nonhook\n");
        string wav = new ReplayCaller().Wait(200).WriteWav(_dir.File("caller.wav"));

        CliResult call = FxsCli.Run("call", "--script", script, "--contract", number);
        CliResult replay = FxsCli.Run("replay", wav, "--contract", number);

        Assert.Equal(2, call.Exit);
        Assert.Equal(2, replay.Exit);
        Assert.Equal("fxs: call: " + message, Assert.Single(call.StderrLines));
        Assert.Equal("fxs replay: " + message, Assert.Single(replay.StderrLines));
    }
}
