using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Fxs.Cli.Tests;

// Issue #16 item 2: `--channel left|right|mix` on the one WAV loader (dtmf decode, dtmf spectrogram, replay),
// stdin for decode, and mu-law/mulaw/ulaw alike. The stereo files are real fxs call recordings
// (CallRecorder: left what the port heard, right what it played); sox splits them for the reference.
public sealed class ChannelTests : IDisposable
{
    private const string Contract = "0300001111";
    private const string Password = "27182818";
    private const string Advice = "say which channel with --channel left|right|mix "
        + "(an fxs call recording: left is what the port heard, the caller's keys; right what it played)";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Recording(string name, params string[] extra)
    {
        string script = _dir.File(name + ".txt");
        File.WriteAllText(script, CallScripts.Unit1);
        string wav = _dir.File(name + ".wav");
        FxsCli.Ok(new[] { "call", "--script", script, "--record", wav }.Concat(extra).ToArray());
        return wav;
    }

    private static string Keys(CliResult r) => string.Concat(r.StdoutLines.Select(l => l.Split(' ')[1]));

    [Fact]
    public void Decode_ChannelLeftOfACallRecording_FindsTheCallersKeys_AsSoxsLeftChannelDoes()
    {
        string wav = Recording("call");
        CliResult left = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left");
        Assert.Equal("03630447471", Keys(left)); // the password keys are blanked in the recording

        string soxLeft = _dir.File("sox-left.wav");
        Sox.Run(wav, "-b", "16", soxLeft, "remix", "1");
        Assert.Equal(FxsCli.Ok("dtmf", "decode", soxLeft).Stdout, left.Stdout); // the same samples, the same onsets

        Assert.Equal("", Keys(FxsCli.Ok("dtmf", "decode", wav, "--channel", "right"))); // the guidance holds no key
        FxsCli.Ok("dtmf", "decode", wav, "--channel", "mix");
    }

    [Fact]
    public void Decode_AStereoMuLawRecordingAndOneCutMidFrame_ReadTheLeftChannelToo()
    {
        string wav = Recording("call");
        string mu = _dir.File("call-mu.wav");
        Sox.Run(wav, "-e", "u-law", mu); // stereo 8-bit µ-law, as a capture tool might keep it
        Assert.Contains("Channels       : 2", Sox.Info(mu));
        Assert.Equal("03630447471", Keys(FxsCli.Ok("dtmf", "decode", mu, "--channel", "left")));

        // A capture cut off mid-write: the header promises more than the file holds and the last frame is split.
        byte[] bytes = File.ReadAllBytes(wav);
        string cut = _dir.File("cut.wav");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 803)]);
        Assert.Equal("03630447471", Keys(FxsCli.Ok("dtmf", "decode", cut, "--channel", "left")));
    }

    [Fact]
    public void Decode_AStereoRecordingWithoutChannel_IsRefusedWithAdviceNamingLeft()
    {
        string wav = Recording("call");
        CliResult r = FxsCli.Run("dtmf", "decode", wav);
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal(new[] { wav + ": 8000 Hz stereo 16-bit PCM: " + Advice }, r.StderrLines);

        CliResult bad = FxsCli.Run("dtmf", "decode", wav, "--channel", "middle");
        Assert.True(bad.Exit == 2, bad.ToString());
    }

    [Fact]
    public void Spectrogram_TakesTheChannelToo()
    {
        string wav = Recording("call");
        string png = _dir.File("call.png");
        Assert.Equal(3, FxsCli.Run("dtmf", "spectrogram", wav, "--out", png).Exit);
        CliResult r = FxsCli.Ok("dtmf", "spectrogram", wav, "--out", png, "--channel", "left");
        Assert.Equal("03630447471", Keys(r));
        Assert.True(new FileInfo(png).Length > 0);
    }

    [Fact]
    public void Replay_ChannelLeftOfAKeptRecording_ReplaysToTheSameOutcome()
    {
        string wav = Recording("kept", "--record-secrets");
        string hook = Path.ChangeExtension(wav, ".hook");
        string[] line = { "--hook", hook, "--echo-db", "off", "--contract", Contract, "--additional", "0300002222,0300003333", "--json" };

        CliResult refused = FxsCli.Run(new[] { "replay", wav }.Concat(line).ToArray());
        Assert.True(refused.Exit == 3, refused.ToString());
        Assert.Contains(Advice, refused.Stderr);

        CliResult r = FxsCli.Ok(new[] { "replay", wav, "--channel", "left", "--expect", "set" }.Concat(line).ToArray());
        JsonElement result = JsonDocument.Parse(r.StdoutLines[^1]).RootElement;
        Assert.Equal("set", result.GetProperty("outcome").GetString());
        Assert.DoesNotContain(Password, r.Stdout);
    }

    // `dotnet fxs.dll ARGS` with INPUT on its stdin (the in-process runner has no stdin).
    private static async Task<(int Exit, string Stdout, string Stderr)> RunWithStdin(byte[] input, params string[] args)
    {
        string fxs = typeof(global::Fxs.Cli.Cli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(fxs);
        foreach (string a in args) { start.ArgumentList.Add(a); }
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using (Stream stdin = p.StandardInput.BaseStream)
        {
            await stdin.WriteAsync(input);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Decode_ReadsStdin()
    {
        string wav = Recording("call");
        (int exit, string stdout, string stderr) = await RunWithStdin(File.ReadAllBytes(wav), "dtmf", "decode", "-", "--channel", "left");
        Assert.True(exit == 0, stderr);
        Assert.Equal(FxsCli.Ok("dtmf", "decode", wav, "--channel", "left").Stdout.ReplaceLineEndings(), stdout.ReplaceLineEndings());
    }

    [Fact]
    public async Task Decode_StdinThatIsNotAWav_IsRefusedNamingStdin()
    {
        (int exit, _, string stderr) = await RunWithStdin(System.Text.Encoding.ASCII.GetBytes("hello"), "dtmf", "decode", "-");
        Assert.Equal(3, exit);
        Assert.StartsWith("stdin: not a WAV file (no RIFF header)", stderr);
    }

    [Theory]
    [InlineData("mu-law")]
    [InlineData("mulaw")]
    [InlineData("ulaw")]
    [InlineData("a-law")]
    [InlineData("alaw")]
    public void Generate_TakesEveryNameOfTheG711Encodings(string name)
    {
        string path = _dir.File(name + ".wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "159#", "--out", path, "--encoding", name);
        string info = Sox.Info(path);
        Assert.Contains(name.StartsWith('a') ? "8-bit A-law" : "8-bit u-law", info);
        Assert.Equal("159#", Keys(FxsCli.Ok("dtmf", "decode", path)));
    }
}
