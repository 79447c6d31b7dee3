using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Fxs.Host.Recording;

namespace Fxs.Cli.Tests;

// Issue #16 item 1: on a gateway (not a bench board) the capture blanks the password keys, and the replay says up to where it matches.
public sealed class RunCaptureBlankingTests : DaemonTestBase
{
    [Fact]
    public void OnAGatewayTheCaptureReplacesThePasswordKeysBySilenceAndTheReplayMatchesUpToThem()
    {
        string dir = Dir.File("captures");
        string script = Write("call.txt", CallScripts.ToThePasswordStep + """
            dtmf 27182818
            wait 2000
            onhook
            wait 1000
            """);
        using var daemon = Daemon.Start("run", "--board", "raspberry-pi-ag1171", "--line", Line(), "--relay", Relay(), "--phone-script", script,
            "--simulated-hardware", "--exit-after-script", "--record-dir", dir);
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(180)), daemon.Output);
        Assert.True(daemon.ExitCode == 0, daemon.Output);

        string call = Assert.Single(Directory.GetDirectories(dir));
        string wav = Path.Combine(call, "call.wav");
        Assert.Equal(CallRecorder.BlankedComment, RecordingTests.InfoComment(wav));
        JsonElement info = JsonDocument.Parse(File.ReadAllText(Path.Combine(call, "capture.json"))).RootElement;
        Assert.Equal("blanked", info.GetProperty("passwordKeys").GetString());
        Assert.True(info.GetProperty("blankedFromMs").GetInt32() > 0);
        foreach (string file in Directory.GetFiles(call)) { Assert.DoesNotContain("2718", File.ReadAllText(file)); }

        // The heard channel holds the access number and the menu key, and no password key.
        CliResult decoded = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left");
        Assert.Equal("03630447471", string.Concat(decoded.StdoutLines.Select(l => l.Split(' ')[1])));

        CliResult replay = FxsCli.Ok("replay", call);
        Assert.Matches(@"capture: password keys were replaced by silence from \d+ ms: the \d+ events up to then match the gateway's; the gateway's outcome was abandoned",
            replay.Stdout);
    }
}
