using System;
using System.IO;

namespace Fxs.Cli.Tests;

// `fxs dtmf spectrogram`: the picture is written, and the digits it marks are exactly decode's.
public sealed class SpectrogramTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Draws_a_png_and_prints_the_same_digits_as_decode()
    {
        string wav = _dir.File("keys.wav");
        string png = _dir.File("keys.png");
        FxsCli.Ok("dtmf", "generate", "--digits", "0363044747", "--out", wav, "--snr", "10", "--encoding", "mulaw");

        CliResult drawn = FxsCli.Ok("dtmf", "spectrogram", wav, "--out", png, "--width", "900");
        CliResult decoded = FxsCli.Ok("dtmf", "decode", wav);

        Assert.Equal(decoded.StdoutLines, drawn.StdoutLines);
        Assert.Equal(10, drawn.StdoutLines.Length);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(900, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(480, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_line_audio_as_decode_does()
    {
        string notWav = _dir.File("notes.wav");
        File.WriteAllText(notWav, "not audio");
        CliResult r = FxsCli.Run("dtmf", "spectrogram", notWav, "--out", _dir.File("x.png"));
        Assert.Equal(3, r.Exit);
        Assert.Equal("", r.Stdout);
        Assert.Contains("not a WAV file", r.Stderr);
        Assert.False(File.Exists(_dir.File("x.png")));
    }
}
