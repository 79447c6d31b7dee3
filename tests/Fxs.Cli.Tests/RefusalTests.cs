using System.IO;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

// `fxs dtmf decode` on input it must refuse: exactly one line on stderr naming the file and what was found,
// exit code 3, and nothing on stdout. None of these depend on the receiver.
public sealed class RefusalTests : System.IDisposable
{
    private const string Needs = "fxs needs 8000 Hz mono 16-bit PCM, µ-law or A-law";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertRefused(CliResult r, string expectedLine)
    {
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal(new[] { expectedLine }, r.StderrLines);
    }

    private string Convert(string path) =>
        ". Convert with: sox " + path + " -r 8000 -c 1 -b 16 -e signed-integer out.wav";

    // Issue #16 item 2: of a stereo file the hint keeps the left channel (an fxs recording's caller side), not a mix.
    private static string ConvertLeft(string quoted) =>
        ", or 8000 Hz stereo with --channel left|right|mix. Convert the left channel (an fxs call recording's caller side) with: sox "
        + quoted + " -r 8000 -b 16 -e signed-integer out.wav remix 1";

    private const string ChannelAdvice = "say which channel with --channel left|right|mix "
        + "(an fxs call recording: left is what the port heard, the caller's keys; right what it played)";

    [Theory]
    [InlineData(16000, 1, 16, "16000 Hz mono 16-bit PCM")]
    [InlineData(8000, 1, 8, "8000 Hz mono 8-bit PCM")]
    [InlineData(8000, 1, 24, "8000 Hz mono 24-bit PCM")]
    [InlineData(8000, 6, 16, "8000 Hz 6-channel 16-bit PCM")]
    public void Pcm_formats_other_than_8k_mono_16bit_are_refused_naming_the_format(int rate, int channels, int bits, string found)
    {
        string path = _dir.File("in.wav");
        Wav.WriteNAudio(path, new WaveFormat(rate, bits, channels));
        AssertRefused(FxsCli.Run("dtmf", "decode", path), path + ": " + found + "; " + Needs + Convert(path));
    }

    [Fact]
    public void Stereo_at_another_rate_gets_a_hint_that_keeps_the_left_channel()
    {
        string path = _dir.File("in.wav");
        Wav.WriteNAudio(path, new WaveFormat(44100, 16, 2));
        AssertRefused(FxsCli.Run("dtmf", "decode", path), path + ": 44100 Hz stereo 16-bit PCM; " + Needs + ConvertLeft(path));
        AssertRefused(FxsCli.Run("dtmf", "decode", path, "--channel", "right"), path + ": 44100 Hz stereo 16-bit PCM; " + Needs
            + ". Convert the right channel with: sox " + path + " -r 8000 -b 16 -e signed-integer out.wav remix 2");
    }

    [Fact]
    public void Stereo_8k_without_channel_is_refused_with_the_channel_advice()
    {
        string path = _dir.File("in.wav");
        Wav.WriteNAudio(path, new WaveFormat(8000, 16, 2));
        AssertRefused(FxsCli.Run("dtmf", "decode", path), path + ": 8000 Hz stereo 16-bit PCM: " + ChannelAdvice);
    }

    [Fact]
    public void Float_is_refused()
    {
        string path = _dir.File("float.wav");
        Wav.WriteNAudio(path, WaveFormat.CreateIeeeFloatWaveFormat(8000, 1));
        AssertRefused(FxsCli.Run("dtmf", "decode", path), path + ": 8000 Hz mono 32-bit IEEE float; " + Needs + Convert(path));
    }

    [Fact]
    public void Stereo_mulaw_and_wrong_rate_alaw_are_refused()
    {
        string mu = _dir.File("mu.wav");
        Wav.WriteNAudio(mu, WaveFormat.CreateMuLawFormat(8000, 2));
        AssertRefused(FxsCli.Run("dtmf", "decode", mu), mu + ": 8000 Hz stereo 8-bit µ-law: " + ChannelAdvice);

        string al = _dir.File("al.wav");
        Wav.WriteNAudio(al, WaveFormat.CreateALawFormat(16000, 1));
        AssertRefused(FxsCli.Run("dtmf", "decode", al), al + ": 16000 Hz mono 8-bit A-law; " + Needs + Convert(al));
    }

    [Fact]
    public void Extensible_24bit_is_refused_and_named_by_its_subformat()
    {
        string path = _dir.File("ext24.wav");
        File.WriteAllBytes(path, Wav.Build(Wav.ExtensibleFmt(8000, 24, 1), new byte[300]));
        AssertRefused(FxsCli.Run("dtmf", "decode", path),
            path + ": 8000 Hz mono 24-bit PCM (WAVE_FORMAT_EXTENSIBLE); " + Needs + Convert(path));
    }

    [Fact]
    public void Path_with_a_space_is_quoted_in_the_sox_hint()
    {
        string path = _dir.File("my call.wav");
        Wav.WriteNAudio(path, new WaveFormat(44100, 16, 2));
        AssertRefused(FxsCli.Run("dtmf", "decode", path),
            path + ": 44100 Hz stereo 16-bit PCM; " + Needs + ConvertLeft("'" + path + "'"));
    }

    [Theory]
    [InlineData(20)] // inside the fmt chunk
    [InlineData(11)] // inside the RIFF header itself
    public void Truncated_header_is_refused(int keepBytes)
    {
        string path = Truncated(keepBytes, countFromDataChunk: false);
        AssertRefused(FxsCli.Run("dtmf", "decode", path),
            path + ": truncated WAV header (the file ends inside it); " + Needs + " WAV");
    }

    [Theory]
    [InlineData(0)] // RIFF + complete fmt chunk, no data chunk
    [InlineData(4)] // cut inside the data chunk's own header
    public void Header_without_data_chunk_is_refused(int bytesPastDataId)
    {
        string path = Truncated(bytesPastDataId, countFromDataChunk: true);
        AssertRefused(FxsCli.Run("dtmf", "decode", path),
            path + ": malformed WAV header (Invalid WAV file - No data chunk found); " + Needs + " WAV");
    }

    [Theory]
    [InlineData(22, 0, "0 channels")]                 // channel count
    [InlineData(24, 0, "sample rate 0 Hz")]           // sample rate (low bytes; the high ones are 0 already)
    [InlineData(32, 4, "block align 4 for 1 channel(s) of 16-bit samples; expected 2")]
    public void Corrupt_fmt_fields_are_called_malformed_not_described_as_a_format(int offset, byte value, string fault)
    {
        string whole = _dir.File("whole.wav");
        Wav.WriteNAudio(whole, new WaveFormat(8000, 16, 1));
        byte[] bytes = File.ReadAllBytes(whole);
        bytes[offset] = value;
        if (offset == 24) bytes[offset + 1] = 0;
        string path = _dir.File("corrupt.wav");
        File.WriteAllBytes(path, bytes);
        AssertRefused(FxsCli.Run("dtmf", "decode", path), path + ": malformed WAV header (" + fault + "); " + Needs + " WAV");
    }

    [Fact]
    public void Unknown_format_tag_is_named_by_number()
    {
        string whole = _dir.File("whole.wav");
        Wav.WriteNAudio(whole, new WaveFormat(8000, 16, 1));
        byte[] bytes = File.ReadAllBytes(whole);
        bytes[20] = 0x39; bytes[21] = 0x30; // format tag 0x3039, assigned to nothing
        string path = _dir.File("tag.wav");
        File.WriteAllBytes(path, bytes);
        AssertRefused(FxsCli.Run("dtmf", "decode", path),
            path + ": 8000 Hz mono 16-bit unknown encoding (format tag 0x3039); " + Needs + Convert(path));
    }

    private string Truncated(int keepBytes, bool countFromDataChunk)
    {
        string whole = _dir.File("whole.wav");
        Wav.WriteNAudio(whole, new WaveFormat(8000, 16, 1));
        byte[] bytes = File.ReadAllBytes(whole);
        if (countFromDataChunk)
        {
            keepBytes += System.Text.Encoding.ASCII.GetString(bytes).IndexOf("data", System.StringComparison.Ordinal);
        }
        string path = _dir.File("cut" + keepBytes + ".wav");
        File.WriteAllBytes(path, bytes[..keepBytes]);
        return path;
    }

    [Fact]
    public void Not_a_wav_is_refused()
    {
        string text = _dir.File("notes.wav");
        File.WriteAllText(text, "this is not audio\n");
        AssertRefused(FxsCli.Run("dtmf", "decode", text), text + ": not a WAV file (no RIFF header); " + Needs + " WAV");

        string avi = _dir.File("clip.wav");
        File.WriteAllBytes(avi, System.Text.Encoding.ASCII.GetBytes("RIFF\u0010\0\0\0AVI LIST\0\0\0\0"));
        AssertRefused(FxsCli.Run("dtmf", "decode", avi), avi + ": not a WAV file (RIFF form 'AVI '); " + Needs + " WAV");

        string empty = _dir.File("empty.wav");
        File.WriteAllBytes(empty, System.Array.Empty<byte>());
        AssertRefused(FxsCli.Run("dtmf", "decode", empty), empty + ": empty file, not a WAV; " + Needs + " WAV");
    }

    [Fact]
    public void Missing_file_and_directory_are_refused()
    {
        string missing = _dir.File("nope.wav");
        AssertRefused(FxsCli.Run("dtmf", "decode", missing), missing + ": no such file");

        string inMissingDir = _dir.File(Path.Combine("nodir", "x.wav"));
        AssertRefused(FxsCli.Run("dtmf", "decode", inMissingDir), inMissingDir + ": no such file (directory not found)");

        AssertRefused(FxsCli.Run("dtmf", "decode", _dir.Path), _dir.Path + ": is a directory, not a WAV file");
    }

    [Fact]
    public void Relative_path_is_reported_as_typed()
    {
        AssertRefused(FxsCli.Run("dtmf", "decode", "no-such-dir-fxs/x.wav"), "no-such-dir-fxs/x.wav: no such file (directory not found)");
    }
}
