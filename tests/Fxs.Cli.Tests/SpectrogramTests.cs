using System;
using System.IO;
using System.Linq;

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

// Refused candidates (issue #11, "why a key was refused"): marked in orange with the rule, beside the digits.
public sealed class SpectrogramRefusalTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Solid orange (255, 165, 0): the refused candidates' labels and dashed edges; nothing else in the picture is.
    private static int OrangePixels(string png)
    {
        using SkiaSharp.SKBitmap bitmap = SkiaSharp.SKBitmap.Decode(png);
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SkiaSharp.SKColor c = bitmap.GetPixel(x, y);
                if (c.Red > 220 && c.Green > 130 && c.Green < 190 && c.Blue < 60) { n++; }
            }
        }
        return n;
    }

    [Fact]
    public void A_key_off_frequency_is_marked_as_refused_with_its_rule_beside_the_decided_digits()
    {
        // "1", then an "8" whose row tone is 4 % high (refused), then a "9"; concatenated with sox (a real peer).
        string good1 = _dir.File("a.wav"), off = _dir.File("b.wav"), good2 = _dir.File("c.wav"), all = _dir.File("all.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--out", good1, "--tone-ms", "80");
        FxsCli.Ok("dtmf", "generate", "--digits", "8", "--offset-low", "4", "--tone-ms", "100", "--out", off);
        FxsCli.Ok("dtmf", "generate", "--digits", "9", "--tone-ms", "80", "--out", good2);
        Sox.Run(good1, off, good2, all);

        string png = _dir.File("all.png");
        CliResult r = FxsCli.Ok("dtmf", "spectrogram", all, "--out", png, "--width", "900");
        DecodeTests.AssertDigits(r, "19", new[] { 100, 280 + 300 + 100 });
        string refused = Assert.Single(r.StderrLines, l => l.Contains(": refused ", StringComparison.Ordinal));
        Assert.Contains("refused 8 row-off-frequency at ", refused);
        Assert.True(OrangePixels(png) > 50, $"{OrangePixels(png)} orange pixels");

        string clean = _dir.File("clean.png");
        FxsCli.Ok("dtmf", "spectrogram", good1, "--out", clean, "--width", "900");
        Assert.Equal(0, OrangePixels(clean));
    }
}

// Issue #16 item 3: the output's extension says the format; one it cannot write is refused before anything is read.
public sealed class SpectrogramFormatTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_jpg_name_gets_a_jpeg_of_the_same_picture_as_the_png()
    {
        string wav = _dir.File("keys.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "159", "--out", wav);
        string jpg = _dir.File("keys.jpg"), png = _dir.File("keys.png");
        FxsCli.Ok("dtmf", "spectrogram", wav, "--out", jpg, "--width", "900");
        FxsCli.Ok("dtmf", "spectrogram", wav, "--out", png, "--width", "900");
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, File.ReadAllBytes(jpg)[..3]); // JPEG SOI and the next marker
        using SkiaSharp.SKBitmap j = SkiaSharp.SKBitmap.Decode(jpg);
        using SkiaSharp.SKBitmap p = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((900, 480), (j.Width, j.Height));
        // Pixel by pixel the JPEG is the PNG but for compression noise (a wrong or blank picture differs by far more).
        long diff = 0;
        for (int y = 0; y < p.Height; y++)
        {
            for (int x = 0; x < p.Width; x++)
            {
                SkiaSharp.SKColor a = j.GetPixel(x, y), b = p.GetPixel(x, y);
                diff += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }
        double meanPerChannel = diff / (3.0 * p.Width * p.Height);
        Assert.True(meanPerChannel < 6, $"mean difference {meanPerChannel:F1} per channel");
    }

    [Theory]
    [InlineData("keys.gif")]
    [InlineData("keys.svg")]
    [InlineData("keys")]
    public void A_name_whose_extension_it_cannot_write_is_usage_with_the_formats_it_can(string name)
    {
        string wav = _dir.File("keys.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--out", wav);
        string output = _dir.File(name);
        CliResult r = FxsCli.Run("dtmf", "spectrogram", wav, "--out", output);
        Assert.Equal(2, r.Exit);
        Assert.Equal("fxs: --out " + output + ": cannot write a picture named so; the extension says the format: .png, .jpg, .jpeg, .bmp or .webp.", r.StderrLines[0]);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(output));
    }
}

// Issue #16 item 3: a spectrogram a field engineer reads: a fixed dBm0 colour scale (a tone's colour reads back as
// its generated level), the file's format in the title, --from/--to drawing a range of the file.
public sealed class SpectrogramFieldTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // The loudest level the picture's heat map shows, read back through the colour scale; the colour bar (right
    // of 85 % of the width) is left out. A pixel under a digit's span is the scale's colour with 18 % white over it.
    private static double LoudestDbm0(string png)
    {
        var scale = new (double Dbm0, ScottPlot.Color Colour)[(int)((Pictures.Spectrogram.TopDbm0 - Pictures.Spectrogram.FloorDbm0) * 4) + 1];
        for (int i = 0; i < scale.Length; i++)
        {
            double level = Pictures.Spectrogram.FloorDbm0 + i / 4.0;
            scale[i] = (level, Pictures.Spectrogram.ColourOf(level));
        }
        using SkiaSharp.SKBitmap bitmap = SkiaSharp.SKBitmap.Decode(png);
        double loudest = double.NegativeInfinity;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width * 85 / 100; x++)
            {
                SkiaSharp.SKColor c = bitmap.GetPixel(x, y);
                foreach ((double r, double g, double b) in new[] { ((double)c.Red, (double)c.Green, (double)c.Blue),
                    ((c.Red - 0.18 * 255) / 0.82, (c.Green - 0.18 * 255) / 0.82, (c.Blue - 0.18 * 255) / 0.82) })
                {
                    foreach ((double level, ScottPlot.Color s) in scale)
                    {
                        if (Math.Abs(s.R - r) + Math.Abs(s.G - g) + Math.Abs(s.B - b) < 6 && level > loudest) { loudest = level; }
                    }
                }
            }
        }
        return loudest;
    }

    [Theory]
    [InlineData(-8)]
    [InlineData(-30)]
    public void The_colour_scale_is_dBm0_a_tone_reads_back_as_its_level(int rowDbm0)
    {
        string wav = _dir.File("key.wav"), png = _dir.File("key.png");
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--low-level", rowDbm0.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--high-level", (rowDbm0 - 12).ToString(System.Globalization.CultureInfo.InvariantCulture), "--tone-ms", "200", "--lead-ms", "200", "--out", wav);
        FxsCli.Ok("dtmf", "spectrogram", wav, "--out", png, "--width", "900");
        double read = LoudestDbm0(png);
        // Within 2 dB (the Hann window's scalloping is at most 1.4 dB); a full-scale scale would read 3.2 dB low.
        Assert.InRange(read, rowDbm0 - 2, rowDbm0 + 2);
    }

    [Fact]
    public void The_title_carries_the_files_format()
    {
        string pcm = _dir.File("pcm.wav"), ulaw = _dir.File("ulaw.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--out", pcm);
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--out", ulaw, "--encoding", "mu-law");
        CliResult a = FxsCli.Ok("dtmf", "spectrogram", pcm, "--out", _dir.File("pcm.png"), "--width", "900");
        CliResult b = FxsCli.Ok("dtmf", "spectrogram", ulaw, "--out", _dir.File("ulaw.png"), "--width", "900");
        Assert.EndsWith(" s of 8000 Hz mono 16-bit PCM", a.StderrLines[0]);
        Assert.EndsWith(" s of 8000 Hz mono 8-bit µ-law", b.StderrLines[0]);
        // The title (the top 50 rows: two lines, file name then format) differs where the format does.
        using SkiaSharp.SKBitmap p = SkiaSharp.SKBitmap.Decode(_dir.File("pcm.png"));
        using SkiaSharp.SKBitmap u = SkiaSharp.SKBitmap.Decode(_dir.File("ulaw.png"));
        int differing = 0;
        for (int y = 25; y < 50; y++) { for (int x = 0; x < p.Width; x++) { if (p.GetPixel(x, y) != u.GetPixel(x, y)) { differing++; } } }
        Assert.True(differing > 100, differing + " pixels differ in the format line");
    }

    [Fact]
    public void From_and_to_draw_that_range_of_the_file_and_the_digits_are_still_the_whole_files()
    {
        string wav = _dir.File("keys.wav"), whole = _dir.File("whole.png"), quiet = _dir.File("quiet.png");
        FxsCli.Ok("dtmf", "generate", "--digits", "159", "--lead-ms", "500", "--out", wav);
        CliResult all = FxsCli.Ok("dtmf", "spectrogram", wav, "--out", whole, "--width", "900");
        CliResult lead = FxsCli.Ok("dtmf", "spectrogram", wav, "--out", quiet, "--width", "900", "--from", "0.1", "--to", "0.4");
        Assert.Equal(all.StdoutLines, lead.StdoutLines);
        Assert.Contains(": 900x480, 0.1-0.4 s of ", lead.StderrLines[0]);
        Assert.InRange(LoudestDbm0(whole), -22, -18); // generate's default: -20 dBm0 per tone
        Assert.True(LoudestDbm0(quiet) < -60, "the lead-in is silence");
    }

    [Fact]
    public void A_range_that_is_not_one_is_refused()
    {
        string wav = _dir.File("keys.wav");
        FxsCli.Ok("dtmf", "generate", "--digits", "1", "--tone-ms", "100", "--out", wav); // 0.3 s: lead, tone, lead
        CliResult backwards = FxsCli.Run("dtmf", "spectrogram", wav, "--out", _dir.File("a.png"), "--from", "2", "--to", "1");
        Assert.Equal(2, backwards.Exit);
        Assert.Equal("fxs: --to 1: must be after --from (2 s).", backwards.StderrLines[0]);
        CliResult past = FxsCli.Run("dtmf", "spectrogram", wav, "--out", _dir.File("b.png"), "--from", "9");
        Assert.Equal(3, past.Exit);
        Assert.Equal(wav + ": --from 9 s is past the end of the recording (0.3 s)", past.StderrLines[0]);
        Assert.False(File.Exists(_dir.File("b.png")));
    }
}
