using System;
using System.Collections.Generic;
using System.Globalization;

namespace Fxs.Cli.Tests;

// Files from sox, the tool field engineers actually have: its WAVs must decode, its odd formats must be refused
// with a hint that works, and sox must read what `fxs dtmf generate` writes.
public sealed class SoxTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // sox synth with two "sine" generators on a mono output mixes them at equal level (checked by hand with a
    // DFT: `synth 0.05 sine 697 sine 1209` gives two equal tones). "gain -10" brings each tone to about -16 dBm0.
    // Chains separated by ":" are written one after another.
    private string SoxDtmf(string name, string digits, int leadMs, int toneMs, int pauseMs, params string[] encoding)
    {
        var args = new List<string> { "-n", "-r", "8000", "-c", "1" };
        args.AddRange(encoding);
        args.Add(_dir.File(name));
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0) args.Add(":");
            int row = Core.Dsp.DtmfDigits.RowOf(digits[i]), col = Core.Dsp.DtmfDigits.ColumnOf(digits[i]);
            args.AddRange(new[]
            {
                "synth", Seconds(toneMs),
                "sine", Core.Dsp.DtmfDigits.RowHz[row].ToString(CultureInfo.InvariantCulture),
                "sine", Core.Dsp.DtmfDigits.ColumnHz[col].ToString(CultureInfo.InvariantCulture),
                "gain", "-10",
                "pad", Seconds(i == 0 ? leadMs : 0), Seconds(i == digits.Length - 1 ? leadMs : pauseMs),
            });
        }
        Sox.Run(args.ToArray());
        return _dir.File(name);
    }

    private static string Seconds(int ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    // --- These wait on the core's DtmfReceiver. ---

    [Theory]
    [InlineData("16-bit Signed Integer PCM", new[] { "-b", "16", "-e", "signed-integer" })]
    [InlineData("8-bit u-law", new[] { "-e", "u-law" })]
    [InlineData("8-bit A-law", new[] { "-e", "a-law" })]
    public void Sox_made_dtmf_decodes(string soxEncoding, string[] encoding)
    {
        string path = SoxDtmf("sox.wav", "159#", 120, 60, 60, encoding);
        Assert.Contains("Sample Encoding: " + soxEncoding, Sox.Info(path)); // the file is what the test says it is
        DecodeTests.AssertDigits(FxsCli.Run("dtmf", "decode", path), "159#", DecodeTests.Schedule(4, 120, 60, 60));
    }

    [Fact]
    public void Following_the_conversion_hint_gives_a_file_that_decodes()
    {
        string pcm = SoxDtmf("src.wav", "3C", 100, 60, 60, "-b", "16");
        string wide = _dir.File("wide.wav");
        Sox.Run(pcm, "-r", "44100", "-c", "2", wide);

        CliResult refused = FxsCli.Run("dtmf", "decode", wide);
        Assert.Equal(3, refused.Exit);
        string hint = refused.StderrLines[0];
        int soxAt = hint.IndexOf(" with: sox ", StringComparison.Ordinal); // "Convert the left channel (…) with: sox …"
        Assert.True(soxAt > 0, hint);
        string command = hint[(soxAt + " with: sox ".Length)..];
        string[] hintArgs = command.Split(' ');
        int outAt = Array.IndexOf(hintArgs, "out.wav"); // effects (remix 1: the left channel) follow it
        Assert.True(outAt > 0, hint);
        hintArgs[outAt] = _dir.File("out.wav");
        Sox.Run(hintArgs);
        DecodeTests.AssertDigits(FxsCli.Run("dtmf", "decode", hintArgs[outAt]), "3C", DecodeTests.Schedule(2, 100, 60, 60));
    }

    // --- These do not depend on the receiver. ---

    [Theory]
    [InlineData(new[] { "-r", "8000", "-c", "1", "-b", "8" }, "8000 Hz mono 8-bit PCM")]
    [InlineData(new[] { "-r", "8000", "-c", "1", "-b", "24" }, "8000 Hz mono 24-bit PCM (WAVE_FORMAT_EXTENSIBLE)")]
    [InlineData(new[] { "-r", "8000", "-c", "1", "-e", "floating-point", "-b", "32" }, "8000 Hz mono 32-bit IEEE float")]
    [InlineData(new[] { "-r", "16000", "-c", "1", "-e", "u-law" }, "16000 Hz mono 8-bit µ-law")]
    [InlineData(new[] { "-r", "8000", "-c", "1", "-e", "ima-adpcm" }, "8000 Hz mono 4-bit DviAdpcm (format tag 0x0011)")]
    public void Sox_made_unsupported_formats_are_refused(string[] format, string found)
    {
        var args = new List<string> { "-n" };
        args.AddRange(format);
        string path = _dir.File("odd.wav");
        args.Add(path);
        args.AddRange(new[] { "synth", "0.2", "sine", "1000" });
        Sox.Run(args.ToArray());

        CliResult r = FxsCli.Run("dtmf", "decode", path);
        Assert.Equal(3, r.Exit);
        Assert.Equal("", r.Stdout);
        Assert.Equal(new[]
        {
            path + ": " + found + "; fxs needs 8000 Hz mono 16-bit PCM, µ-law or A-law. Convert with: sox "
                + path + " -r 8000 -c 1 -b 16 -e signed-integer out.wav",
        }, r.StderrLines);
    }

    [Theory]
    [InlineData("pcm", "16-bit Signed Integer PCM")]
    [InlineData("mulaw", "8-bit u-law")]
    [InlineData("alaw", "8-bit A-law")]
    public void Sox_reads_generated_files(string encoding, string soxEncoding)
    {
        string path = _dir.File("gen.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "12", "--out", path, "--encoding", encoding);
        string info = Sox.Info(path);
        Assert.Contains("Channels       : 1", info);
        Assert.Contains("Sample Rate    : 8000", info);
        Assert.Contains("= 2800 samples", info); // 100 + 50 + 50 + 50 + 100 ms
        Assert.Contains("Sample Encoding: " + soxEncoding, info);
    }
}
