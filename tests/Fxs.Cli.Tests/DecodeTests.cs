using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Fxs.Cli.Tests;

// End to end: `fxs dtmf generate` writes a WAV, `fxs dtmf decode` reads it back through the firmware's
// receiver. These wait on the core's DtmfReceiver (and DtmfGenerator/G711) being implemented.
public sealed partial class DecodeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"^\d+ [0-9*#A-D]$")]
    private static partial Regex DigitLine();

    internal static void AssertDigits(CliResult r, string digits, IReadOnlyList<int> onsetsMs, int toleranceMs = 10)
    {
        Assert.True(r.Exit == 0, r.ToString());
        string[] lines = r.StdoutLines;
        Assert.All(lines, l => Assert.Matches(DigitLine(), l)); // stdout holds digit lines and nothing else
        Assert.True(digits == string.Concat(lines.Select(l => l[^1])), $"expected {digits}\n{r}");
        for (int i = 0; i < lines.Length; i++)
        {
            int onset = int.Parse(lines[i][..^2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(onset - onsetsMs[i]) <= toleranceMs, $"digit {i} '{digits[i]}' onset {onset} ms, expected {onsetsMs[i]} ± {toleranceMs}\n{r}");
        }
    }

    internal static int[] Schedule(int count, int leadMs, int toneMs, int pauseMs) =>
        Enumerable.Range(0, count).Select(i => leadMs + i * (toneMs + pauseMs)).ToArray();

    private string Generate(string name, params string[] options)
    {
        string path = _dir.File(name);
        FxsCli.Ok(new[] { "dtmf", "generate", "--out", path }.Concat(options).ToArray());
        return path;
    }

    [Theory]
    [InlineData("pcm")]
    [InlineData("mulaw")]
    [InlineData("alaw")]
    public void All_sixteen_digits_round_trip_in_each_encoding(string encoding)
    {
        string path = Generate("all.wav", "--digits", "0123456789*#ABCD", "--encoding", encoding);
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "0123456789*#ABCD", Schedule(16, 100, 50, 50));
    }

    [Fact]
    public void Custom_timing_noise_twist_and_offset_round_trip()
    {
        string path = Generate("hard.wav", "--digits", "9513", "--tone-ms", "70", "--pause-ms", "65", "--lead-ms", "333",
            "--level", "-15", "--twist", "-2", "--snr", "20", "--offset-low", "1", "--offset-high", "-1", "--encoding", "mulaw");
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "9513", Schedule(4, 333, 70, 65));
    }

    [Fact]
    public void Repeated_digit_is_reported_once_per_press()
    {
        string path = Generate("repeat.wav", "--digits", "000", "--tone-ms", "80", "--pause-ms", "60");
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "000", Schedule(3, 100, 80, 60));
    }

    [Fact]
    public void Silence_decodes_to_nothing()
    {
        // --level -90 is far below any receiver's sensitivity: a file of (almost) silence.
        string path = Generate("quiet.wav", "--digits", "5", "--level", "-90");
        CliResult r = FxsCli.Run("dtmf", "decode", path);
        Assert.Equal(0, r.Exit);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Digit_still_sounding_at_end_of_file_is_reported()
    {
        string path = Generate("cut.wav", "--digits", "47", "--tone-ms", "200", "--lead-ms", "100");
        byte[] bytes = File.ReadAllBytes(path);
        // Keep the header and the first 100 + 200 + 50 + 100 ms: '7' is 100 ms into its tone when the file ends.
        int dataStart = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("data", StringComparison.Ordinal) + 8;
        byte[] cut = bytes[..(dataStart + 450 * 16)];
        BitConverter.GetBytes(450 * 16).CopyTo(cut, dataStart - 4);
        BitConverter.GetBytes(cut.Length - 8).CopyTo(cut, 4);
        File.WriteAllBytes(path, cut);
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "47", new[] { 100, 350 });
    }

    [Fact]
    public void Truncated_data_chunk_decodes_what_is_there()
    {
        // A recording cut off mid-write: the header promises more data than the file holds, and the last
        // sample is split. Decode what is there.
        string path = Generate("short.wav", "--digits", "28", "--lead-ms", "100");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 801)]);
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "28", Schedule(2, 100, 50, 50));
    }

    [Fact]
    public void Extensible_16bit_pcm_with_a_list_chunk_is_accepted()
    {
        // Some recorders write WAVE_FORMAT_EXTENSIBLE even for mono 16-bit, and put metadata before the data.
        short[] samples = Wav.ReadPcm16(Generate("src.wav", "--digits", "6"));
        var data = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, data, 0, data.Length);
        string path = _dir.File("ext.wav");
        File.WriteAllBytes(path, Wav.Build(Wav.ExtensibleFmt(8000, 16, 1), data,
            ("LIST", System.Text.Encoding.ASCII.GetBytes("INFOISFT\u0005\0\0\0test\0\0"))));
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "6", new[] { 100 });
    }

    [Fact]
    public void A_chunk_after_the_data_is_not_read_as_audio()
    {
        // The 16-bit path reads the file straight into the receiver's block, bounded by the data chunk's
        // length: a chunk after it (here one whose bytes are a '9' key) must not become samples.
        short[] keys = Wav.ReadPcm16(Generate("src.wav", "--digits", "1"));
        short[] tail = Wav.ReadPcm16(Generate("tail.wav", "--digits", "9", "--lead-ms", "0"));
        var data = new byte[keys.Length * 2];
        Buffer.BlockCopy(keys, 0, data, 0, data.Length);
        var after = new byte[8 + tail.Length * 2];
        System.Text.Encoding.ASCII.GetBytes("junk").CopyTo(after, 0);
        BitConverter.GetBytes(tail.Length * 2).CopyTo(after, 4);
        Buffer.BlockCopy(tail, 0, after, 8, tail.Length * 2);
        byte[] wav = Wav.Build(Wav.ExtensibleFmt(8000, 16, 1), data);
        byte[] file = new byte[wav.Length + after.Length];
        wav.CopyTo(file, 0);
        after.CopyTo(file, wav.Length);
        BitConverter.GetBytes(file.Length - 8).CopyTo(file, 4); // RIFF size
        string path = _dir.File("trailing.wav");
        File.WriteAllBytes(path, file);
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "1", new[] { 100 });
    }

    [Fact]
    public void Long_file_is_streamed()
    {
        // Ten minutes with a digit at the very end: onsets must stay exact over millions of samples.
        string path = Generate("long.wav", "--digits", "#", "--lead-ms", "600000");
        AssertDigits(FxsCli.Run("dtmf", "decode", path), "#", new[] { 600000 });
    }
}
