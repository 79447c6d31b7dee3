using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Fxs.Cli.Tests;

// Issue #16 item 4: `fxs dtmf decode --ivr-mask` prints 'x' for the keys the IVR takes as password digits
// (TP-11: the password and its confirmation), judged by the firmware's own call control and IVR; the access
// number, unit and number keys stay. The recordings are real `fxs call --record --record-secrets` calls, whose
// left channel holds the password in clear.
public sealed class DecodeMaskTests : IDisposable
{
    private const string Password = "27182818";
    private const string Access = "0363044747";
    private const string Extra1 = "0300002222"; // an additional number of fxs call's default line
    private static readonly string Masked = new('x', 2 * Password.Length);

    private const string Unit2 = """
        offhook
        wait 800
        dtmf 0363044747
        wait-guidance
        dtmf 2
        wait-guidance
        dtmf 0300002222#
        wait-guidance
        dtmf 27182818
        wait-guidance
        dtmf 27182818
        wait-guidance
        onhook
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string KeptRecording(string name, string script)
    {
        string scriptFile = _dir.File(name + ".txt");
        File.WriteAllText(scriptFile, script);
        string wav = _dir.File(name + ".wav");
        FxsCli.Ok("call", "--script", scriptFile, "--record", wav, "--record-secrets");
        return wav;
    }

    private static string Keys(CliResult r) => string.Concat(r.StdoutLines.Select(l => l.Split(' ')[1]));

    [Fact]
    public void TP11_IvrMask_Unit1Call_PasswordAndConfirmationPrintedAsX_AccessNumberAndUnitStay()
    {
        string wav = KeptRecording("unit1", CallScripts.Unit1);
        CliResult clear = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left");
        Assert.Equal(Access + "1" + Password + Password, Keys(clear)); // what --ivr-mask is for

        CliResult masked = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--line", CallLine());
        Assert.Equal(Access + "1" + Masked, Keys(masked));
        // Same lines, same onsets: only the password keys changed.
        Assert.Equal(clear.StdoutLines.Select(l => l.Split(' ')[0]), masked.StdoutLines.Select(l => l.Split(' ')[0]));
        Assert.DoesNotContain(Password, masked.Stdout + masked.Stderr);
    }

    [Fact]
    public void TP11_IvrMask_Unit2Call_TheNumberStays_OnlyThePasswordIsMasked_InJsonToo()
    {
        string wav = KeptRecording("unit2", Unit2);
        CliResult masked = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--line", CallLine());
        Assert.Equal(Access + "2" + Extra1 + "#" + Masked, Keys(masked));

        CliResult json = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--json", "--contract", "0300001111", "--additional", Extra1 + ",0300003333");
        string[] digits = json.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("digit").GetString()!).ToArray();
        Assert.Equal(Access + "2" + Extra1 + "#" + Masked, string.Concat(digits));
        // The levels are still measured for the masked keys.
        Assert.All(json.StdoutLines, l => Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(l).RootElement.GetProperty("row_level_dbm0").ValueKind));
    }

    [Fact]
    public void IvrMask_OnAnotherLine_TheNumberIsNotTheLines_SoItsKeysAreNoPassword()
    {
        // The mask follows the IVR: on a line without that number the IVR stays in the number step
        // (TP-9: wrong entry), so the keys after it are number keys and stay; the line is the gateway's, not a guess.
        string wav = KeptRecording("unit2", Unit2);
        CliResult r = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--contract", "0300009999", "--additional", "");
        Assert.StartsWith(Access + "2" + Extra1 + "#", Keys(r));
        Assert.DoesNotContain('x', Keys(r));
    }

    // fxs call's line, as the line file `fxs run --line` takes.
    private string CallLine()
    {
        string path = _dir.File("line.json");
        File.WriteAllText(path, """{"area": "east", "contract": "0300001111", "additional": ["0300002222", "0300003333"]}""");
        return path;
    }

    [Fact]
    public void IvrMask_WithoutTheGatewaysLine_IsRefused_ForAWrongLineWouldPrintThePassword()
    {
        string wav = KeptRecording("unit1", CallScripts.Unit1);
        CliResult r = FxsCli.Run("dtmf", "decode", wav, "--channel", "left", "--ivr-mask");
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("fxs: dtmf decode: --ivr-mask needs the gateway's line: --line FILE", r.Stderr);
        Assert.Equal("", r.Stdout);

        r = FxsCli.Run("dtmf", "decode", wav, "--channel", "left", "--line", CallLine());
        Assert.Equal(2, r.Exit);
        Assert.Contains("give --ivr-mask", r.Stderr);
        r = FxsCli.Run("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--line", _dir.File("missing.json"));
        Assert.Equal(3, r.Exit);
    }

    [Fact]
    public void TP11_IvrMask_TwoCallsInOneFile_WithItsHookTimeline_EachCallIsMaskedOnItsOwn()
    {
        // `fxs call --record` writes the hook timeline beside the WAV: the second call starts as on the gateway.
        string wav = KeptRecording("two", CallScripts.Unit1 + "\nwait 1500\n" + CallScripts.Unit1);
        string hook = Path.ChangeExtension(wav, ".hook");
        CliResult masked = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--line", CallLine(), "--hook", hook);
        Assert.Equal(Access + "1" + Masked + Access + "1" + Masked, Keys(masked));

        // Without it the file is one call: the IVR, finished, takes the second call's keys for its own.
        CliResult oneCall = FxsCli.Ok("dtmf", "decode", wav, "--channel", "left", "--ivr-mask", "--line", CallLine());
        Assert.NotEqual(Keys(masked), Keys(oneCall));
        Assert.DoesNotContain(Password, oneCall.Stdout + masked.Stdout);
    }

    [Fact]
    public void IvrMask_WithTrace_IsUsage_AndHelpSaysWhatItMasks()
    {
        CliResult r = FxsCli.Run("dtmf", "decode", "any.wav", "--ivr-mask", "--trace");
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("fxs: --trace and --ivr-mask do not mix", r.StderrLines[0]);

        CliResult help = FxsCli.Ok("dtmf", "decode", "--help");
        Assert.Contains("--ivr-mask", help.Stdout);
        Assert.Contains("takes as a password digit", help.Stdout);
    }
}
