using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fxs.Host.Recording;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

// Issue #13 item 4: every call recording the product writes (`fxs demo`, `fxs call --record`,
// `fxs replay --record`) keeps no password key by default: each channel, split out with sox, goes
// through `fxs dtmf decode` (the firmware's DTMF receiver) and gives back exactly the keys that are
// not the password (access number, unit, number), while with --record-secrets the password is
// there too. Issue #16 item 1: the hook timeline written beside the WAV replays to the same outcome.
public sealed class RecordingTests : IDisposable
{
    private const string Contract = "0300001111";
    private const string Extra1 = "0300002222";
    private const string Extra2 = "0300003333";
    private const string Password = "27182818";

    // What `fxs demo` keys outside the password step, call by call (call 6 dials pulses: no DTMF at all).
    private static readonly string[] DemoClearKeys =
    {
        "03630447471", "03630447472" + Extra1 + "#", "03630447473" + Extra2 + "#", "06648064303", "03630447471", "",
    };

    // The hook edges of call 6: off hook, 0363044747 and 1 (59 pulses, two edges each), the hang-up;
    // kept, the password's 37 pulses twice (entry and confirmation) more.
    private const int RotaryEdgesBlanked = 2 + 2 * 59;
    private const int RotaryEdgesKept = RotaryEdgesBlanked + 2 * 2 * 37;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Issue13_Demo_RecordingsHoldNoPasswordKey_TheOtherKeysStay_AndSaySoInTheirInfoChunk()
    {
        string outDir = _dir.File("demo");
        CliResult r = FxsCli.Ok("demo", "--no-backend", "--out", outDir);
        string[] wavs = DemoWavs(outDir);
        for (int i = 0; i < wavs.Length; i++)
        {
            (string left, string right) = Split(wavs[i]);
            Assert.Equal(DemoClearKeys[i], Decode(left));
            Assert.Equal("", Decode(right));
            Assert.Equal(CallRecorder.BlankedComment, InfoComment(wavs[i]));
            AssertReadsAsStereo(wavs[i]);
        }
        Assert.Equal(6, r.StdoutLines.Count(l => l.Contains("password keys replaced by silence (", StringComparison.Ordinal)));
        // The rotary call's password was dialed with the hook switch: its pulses are left out of the timeline too.
        Assert.Equal(RotaryEdgesBlanked, HookLines(CallRecorder.HookPathBeside(wavs[5])).Length);
    }

    [Fact]
    public void Issue13_Demo_RecordSecrets_KeepsThePassword_AndEachCallReplaysFromItsRecordingToTheSameOutcome()
    {
        string outDir = _dir.File("demo-secrets");
        CliResult r = FxsCli.Ok("demo", "--no-backend", "--record-secrets", "--out", outDir);
        string[] wavs = DemoWavs(outDir);
        string[] sets = r.StdoutLines.Where(l => l.Contains("decided  password set for", StringComparison.Ordinal)).ToArray();
        int set = 0;
        for (int i = 0; i < wavs.Length; i++)
        {
            (string left, string right) = Split(wavs[i]);
            string keys = Decode(left);
            Assert.Equal(CallRecorder.KeptComment, InfoComment(wavs[i]));
            Assert.Equal("", Decode(right)); // the played channel never carries a key, even kept
            if (i < 5)
            {
                Assert.StartsWith(DemoClearKeys[i], keys);
                Assert.Contains(i == 4 ? "27182819" : Password + Password, keys[DemoClearKeys[i].Length..]);
            }
            string hook = CallRecorder.HookPathBeside(wavs[i]);
            if (i == 5) { Assert.Equal(RotaryEdgesKept, HookLines(hook).Length); }

            // Issue #16: the heard channel and the hook timeline replay the call (the echo is in the recording already).
            string notify = i == 3 ? Extra1 : Contract;
            JsonElement result = ReplayResult(left, hook, notify);
            if (i == 4)
            {
                Assert.Equal("failed", result.GetProperty("outcome").GetString());
                continue;
            }
            // "   45330 ms  decided  password set for 0300001111 (unit 1 line)…" and the replay's result at 45330 ms.
            Match m = Regex.Match(sets[set++], @"^\s*(\d+) ms  decided  password set for (\d+) \(unit (\d)");
            Assert.Equal("set", result.GetProperty("outcome").GetString());
            Assert.Equal(m.Groups[2].Value, result.GetProperty("target").GetString());
            Assert.Equal(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), result.GetProperty("unit").GetInt32());
            Assert.Equal(m.Groups[1].Value, result.GetProperty("t_ms").GetInt64().ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Issue13_CallRecord_HoldsNoPasswordKey_EvenKeyedStraightOnAfterTheMenuKey_UnlessRecordSecrets()
    {
        string wav = _dir.File("call.wav");
        CliResult r = FxsCli.Ok("call", "--script", Script(CallScripts.Unit1), "--record", wav);
        Assert.Contains("password keys replaced by silence (", r.Stdout);
        (string left, string right) = Split(wav);
        Assert.Equal("03630447471", Decode(left));
        Assert.Equal("", Decode(right));
        Assert.Equal(CallRecorder.BlankedComment, InfoComment(wav));
        AssertReadsAsStereo(wav);

        // The password keyed 150 ms after the menu key, over the menu's guidance.
        string runOn = _dir.File("run-on.wav");
        FxsCli.Ok("call", "--script", Script("offhook\nwait 800\ndtmf 0363044747127182818\nwait 3000\ndtmf 27182818\nwait-guidance\nonhook\n"), "--record", runOn);
        Assert.Equal("03630447471", Decode(Split(runOn).Left));

        string kept = _dir.File("kept.wav");
        CliResult k = FxsCli.Ok("call", "--script", Script(CallScripts.Unit1), "--record", kept, "--record-secrets");
        Assert.Contains("password keys kept (--record-secrets)", k.Stdout);
        Assert.Equal("03630447471" + Password + Password, Decode(Split(kept).Left));
        Assert.Equal(CallRecorder.KeptComment, InfoComment(kept));
    }

    [Fact]
    public void Issue13_CallRecord_BlanksWhatTheCoreMasksToOnHook_AndNothingOfTheNextCall()
    {
        // Three calls on one recording: three wrong menu keys, then a key in the busy tone (the core
        // shows it as x); CallScripts.Unit1, a password set; an abandoned number entry.
        const string failed = """
            offhook
            wait 800
            dtmf 0363044747
            wait-guidance
            dtmf 9
            wait-guidance
            dtmf 8
            wait-guidance
            dtmf 7
            wait-guidance
            wait 3000
            dtmf 5
            wait 1000
            onhook
            """;
        const string abandoned = """
            offhook
            wait 800
            dtmf 0363044747
            wait-guidance
            dtmf 2
            wait-guidance
            dtmf 0300002222#
            wait 1000
            onhook
            """;
        string script = failed + "\n" + CallScripts.Unit1 + "\n" + abandoned;
        string wav = _dir.File("three.wav");
        CliResult r = FxsCli.Ok("call", "--script", Script(script), "--record", wav);
        Assert.Equal(new[] { "failed", "set", "abandoned" },
            r.StdoutLines.Where(l => l.Contains("IVR ended: ", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(' ') + 1)..]));
        Assert.Single(r.StdoutLines, l => l.EndsWith("heard    x (DTMF)", StringComparison.Ordinal));
        Assert.Equal("0363044747987" + "03630447471" + "03630447472" + Extra1 + "#", Decode(Split(wav).Left));
        Assert.Equal(new[] { "0 off", "81750 on", "82950 off", "142360 on", "143560 off", "177550 on" },
            HookLines(CallRecorder.HookPathBeside(wav)));
    }

    [Fact]
    public void Issue16_CallRecord_WritesTheHookTimelineBesideItsWav_WhichReplaysToTheSameOutcome()
    {
        // A rotary call: the hook timeline is the whole of its dialing.
        const string rotary = "offhook\nwait 800\npulse 0363044747\nwait-guidance\npulse 1\nwait-guidance\npulse 27182818\nwait-guidance\npulse 27182818 pps=20\nwait-guidance\nonhook\n";
        string wav = _dir.File("rotary.wav");
        CliResult r = FxsCli.Ok("call", "--script", Script(rotary), "--record", wav, "--record-secrets");
        string hook = CallRecorder.HookPathBeside(wav);
        Assert.Contains(", hook timeline " + hook, r.Stdout);
        Assert.StartsWith("# fxs: the hook switch during rotary.wav", File.ReadAllLines(hook)[0]);
        Match set = Regex.Match(r.Stdout, @"(\d+) ms  decided  password set for 0300001111 \(unit 1 line\)");
        Assert.True(set.Success, r.Stdout);
        JsonElement result = ReplayResult(Split(wav).Left, hook, Contract);
        Assert.Equal("set", result.GetProperty("outcome").GetString());
        Assert.Equal(set.Groups[1].Value, result.GetProperty("t_ms").GetInt64().ToString(CultureInfo.InvariantCulture));

        // By default the password's pulses are not in the timeline: the replay never gets past the password step.
        string blanked = _dir.File("rotary-blanked.wav");
        FxsCli.Ok("call", "--script", Script(rotary), "--record", blanked);
        string[] edges = HookLines(CallRecorder.HookPathBeside(blanked));
        Assert.Equal(RotaryEdgesBlanked, edges.Length); // the same dialing as the demo's rotary call
        JsonElement cut = ReplayResult(Split(blanked).Left, CallRecorder.HookPathBeside(blanked), Contract);
        Assert.NotEqual("set", cut.GetProperty("outcome").GetString());
    }

    [Fact]
    public void Issue13_ReplayRecord_HoldsNoPasswordKey_UnlessRecordSecrets_WhichIsRefusedOffTheSimBoard()
    {
        var c = new ReplayCaller().Wait(800).Keys("0363044747").Wait(3000).Keys("2").Wait(3000).Keys(Extra1 + "#").Wait(3000)
            .Keys(Password).Wait(3000).Keys(Password).Wait(2000).HangUp();
        string caller = c.WriteWav(_dir.File("caller.wav"));
        string hook = c.WriteHook(_dir.File("caller.hook"));
        string[] line = { "--contract", Contract, "--additional", Extra1 + "," + Extra2 };

        string wav = _dir.File("replayed.wav");
        FxsCli.Ok(new[] { "replay", caller, "--hook", hook, "--record", wav }.Concat(line).ToArray());
        (string left, string right) = Split(wav);
        Assert.Equal("03630447472" + Extra1 + "#", Decode(left));
        Assert.Equal("", Decode(right));
        Assert.Equal(CallRecorder.BlankedComment, InfoComment(wav));
        AssertReadsAsStereo(wav);

        string kept = _dir.File("kept.wav");
        FxsCli.Ok(new[] { "replay", caller, "--hook", hook, "--record", kept, "--record-secrets" }.Concat(line).ToArray());
        Assert.Equal("03630447472" + Extra1 + "#" + Password + Password, Decode(Split(kept).Left));
        Assert.Equal(CallRecorder.KeptComment, InfoComment(kept));

        CliResult refused = FxsCli.Run(new[] { "replay", caller, "--record", _dir.File("x.wav"), "--record-secrets", "--board", "hgw-1" }.Concat(line).ToArray());
        Assert.Equal(2, refused.Exit);
        Assert.Equal("fxs replay: --record-secrets is refused on board 'hgw-1' (only on the sim board)", Assert.Single(refused.StderrLines));
        Assert.False(File.Exists(_dir.File("x.wav")));
    }

    [Fact]
    public void RecordSecretsWithoutARecording_IsAUsageError()
    {
        CliResult call = FxsCli.Run("call", "--script", Script(CallScripts.Unit1), "--record-secrets");
        Assert.Equal(2, call.Exit);
        Assert.Equal("fxs: call: --record-secrets keeps the password keys in the recording: it needs --record OUT.wav", Assert.Single(call.StderrLines));
        Assert.Equal("", call.Stdout);
    }

    // ---- helpers ----

    private string Script(string text)
    {
        string path = _dir.File("script-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] DemoWavs(string outDir)
    {
        string[] wavs = Directory.GetFiles(outDir, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(6, wavs.Length);
        return wavs;
    }

    // The two channels as mono WAVs, split by sox (the tool a field engineer would use).
    private static (string Left, string Right) Split(string wav)
    {
        string left = Path.ChangeExtension(wav, ".left.wav"), right = Path.ChangeExtension(wav, ".right.wav");
        Sox.Run(wav, "-b", "16", left, "remix", "1");
        Sox.Run(wav, "-b", "16", right, "remix", "2");
        return (left, right);
    }

    // The keys `fxs dtmf decode` finds, in order.
    private static string Decode(string monoWav) =>
        string.Concat(FxsCli.Ok("dtmf", "decode", monoWav).StdoutLines.Select(l => l.Split(' ')[1]));

    private static string[] HookLines(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#').ToArray();

    private JsonElement ReplayResult(string left, string hook, string notify)
    {
        CliResult r = FxsCli.Ok("replay", left, "--hook", hook, "--echo-db", "off", "--json",
            "--contract", Contract, "--additional", Extra1 + "," + Extra2, "--notify", notify);
        return JsonDocument.Parse(r.StdoutLines[^1]).RootElement.Clone();
    }

    // The ICMT of the WAV's LIST/INFO chunk, read by walking the RIFF chunks (independent of the writer).
    internal static string InfoComment(string wav)
    {
        byte[] b = File.ReadAllBytes(wav);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(b, 0, 4));
        Assert.Equal(b.Length - 8, BitConverter.ToInt32(b, 4));
        for (int at = 12; at + 8 <= b.Length;)
        {
            string id = Encoding.ASCII.GetString(b, at, 4);
            int size = BitConverter.ToInt32(b, at + 4);
            if (id == "LIST" && Encoding.ASCII.GetString(b, at + 8, 4) == "INFO")
            {
                for (int s = at + 12; s < at + 8 + size;)
                {
                    string sub = Encoding.ASCII.GetString(b, s, 4);
                    int n = BitConverter.ToInt32(b, s + 4);
                    if (sub == "ICMT") { return Encoding.ASCII.GetString(b, s + 8, n).TrimEnd('\0'); }
                    s += 8 + n + (n & 1);
                }
            }
            at += 8 + size + (size & 1);
        }
        throw new Xunit.Sdk.XunitException(wav + ": no LIST/INFO ICMT");
    }

    // NAudio and sox read it as before (stereo 8 kHz 16-bit, the INFO chunk skipped), and fxs's own loader
    // refuses it for being stereo, not for a malformed header.
    private static void AssertReadsAsStereo(string wav)
    {
        using (var reader = new WaveFileReader(wav))
        {
            Assert.Equal(new WaveFormat(8000, 16, 2), reader.WaveFormat);
            Assert.True(reader.TotalTime > TimeSpan.FromSeconds(10));
        }
        Assert.Contains("Channels       : 2", Sox.Info(wav));
        CliResult r = FxsCli.Run("dtmf", "decode", wav);
        Assert.Equal(3, r.Exit);
        Assert.DoesNotContain("malformed", r.Stderr);
        Assert.Contains("stereo", r.Stderr);
    }
}
