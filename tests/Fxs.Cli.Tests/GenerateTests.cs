using System;
using System.IO;
using Fxs.Core.Dsp;
using NAudio.Wave;
using Fxs.Hal;

namespace Fxs.Cli.Tests;

// `fxs dtmf generate`: the file it writes, read back independently with NAudio and measured.
// These need the core's DtmfGenerator and G711, not the receiver.
public sealed class GenerateTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Generate(string name, params string[] options)
    {
        string path = _dir.File(name);
        var args = new System.Collections.Generic.List<string> { "dtmf", "generate", "--out", path };
        args.AddRange(options);
        CliResult r = FxsCli.Ok(args.ToArray());
        Assert.Equal("", r.Stdout);
        Assert.Equal("", r.Stderr);
        return path;
    }

    [Theory]
    [InlineData("pcm", WaveFormatEncoding.Pcm, 16, 2)]
    [InlineData("mulaw", WaveFormatEncoding.MuLaw, 8, 1)]
    [InlineData("alaw", WaveFormatEncoding.ALaw, 8, 1)]
    public void Writes_8k_mono_in_the_asked_encoding_with_the_scheduled_length(string encoding, WaveFormatEncoding tag, int bits, int bytesPerSample)
    {
        string path = Generate("g.wav", "--digits", "0123", "--encoding", encoding,
            "--tone-ms", "60", "--pause-ms", "40", "--lead-ms", "120");
        (WaveFormat format, byte[] data) = Wav.ReadRaw(path);
        Assert.Equal(tag, format.Encoding);
        Assert.Equal(8000, format.SampleRate);
        Assert.Equal(1, format.Channels);
        Assert.Equal(bits, format.BitsPerSample);
        // lead + 4 tones + 3 pauses + lead, at 8 samples per ms
        Assert.Equal((120 + 4 * 60 + 3 * 40 + 120) * 8 * bytesPerSample, data.Length);
    }

    [Fact]
    public void Tones_sit_in_their_slots_at_the_asked_level()
    {
        short[] x = Wav.ReadPcm16(Generate("slots.wav", "--digits", "19", "--level", "-20"));
        // 0 dBm0 is a sine of peak 22 676 in 16-bit linear (µ-law's +3.17 dBm0 ceiling is 32 636); -20 dBm0 = 2268.
        double expected = 22676 * Math.Pow(10, -20 / 20.0);
        // Digit '1' (697 + 1209 Hz) from 100 ms, '9' (852 + 1477 Hz) from 200 ms; measure the middle 30 ms.
        AssertDb(expected, Wav.Amplitude(x, 810, 240, 697), 0.5, "'1' low tone");
        AssertDb(expected, Wav.Amplitude(x, 810, 240, 1209), 0.5, "'1' high tone");
        AssertDb(expected, Wav.Amplitude(x, 1610, 240, 852), 0.5, "'9' low tone");
        AssertDb(expected, Wav.Amplitude(x, 1610, 240, 1477), 0.5, "'9' high tone");
        // Lead, pause and tail are silent.
        Assert.All(x[..790], s => Assert.InRange(s, (short)-2, (short)2));
        Assert.All(x[1210..1590], s => Assert.InRange(s, (short)-2, (short)2));
        Assert.All(x[2010..], s => Assert.InRange(s, (short)-2, (short)2));
    }

    [Fact]
    public void Twist_is_high_minus_low_split_around_level_and_overrides_win()
    {
        short[] x = Wav.ReadPcm16(Generate("twist.wav", "--digits", "5", "--level", "-10", "--twist", "4"));
        double low = Wav.Amplitude(x, 810, 240, 770), high = Wav.Amplitude(x, 810, 240, 1336);
        Assert.InRange(Db(high / low), 3.7, 4.3);
        AssertDb(22676 * Math.Pow(10, -12 / 20.0), low, 0.5, "low = level - twist/2");

        short[] y = Wav.ReadPcm16(Generate("override.wav", "--digits", "5", "--level", "-10", "--twist", "4", "--high-level", "-16"));
        AssertDb(22676 * Math.Pow(10, -12 / 20.0), Wav.Amplitude(y, 810, 240, 770), 0.5, "low from level/twist");
        AssertDb(22676 * Math.Pow(10, -16 / 20.0), Wav.Amplitude(y, 810, 240, 1336), 0.5, "--high-level override");
    }

    [Fact]
    public void Frequency_offsets_move_each_group()
    {
        // 40 ms of tone analysed: a 2 % shift of 697 Hz (≈14 Hz) is well inside one 25 Hz bin, so compare
        // the shifted frequency against the nominal over a long tone instead.
        short[] x = Wav.ReadPcm16(Generate("offset.wav", "--digits", "1", "--tone-ms", "500", "--offset-low", "2", "--offset-high", "-3"));
        Assert.True(Wav.Amplitude(x, 900, 3200, 697 * 1.02) > 3 * Wav.Amplitude(x, 900, 3200, 697), "low group not at +2 %");
        Assert.True(Wav.Amplitude(x, 900, 3200, 1209 * 0.97) > 3 * Wav.Amplitude(x, 900, 3200, 1209), "high group not at -3 %");
    }

    [Theory]
    [InlineData("mulaw")]
    [InlineData("alaw")]
    public void G711_files_are_the_core_codec_applied_to_the_linear_signal(string encoding)
    {
        short[] linear = Wav.ReadPcm16(Generate("lin.wav", "--digits", "*#", "--snr", "15"));
        (_, byte[] coded) = Wav.ReadRaw(Generate("coded.wav", "--digits", "*#", "--snr", "15", "--encoding", encoding));
        Assert.Equal(linear.Length, coded.Length);
        for (int i = 0; i < linear.Length; i++)
        {
            byte expected = encoding == "mulaw" ? G711.LinearToMuLaw(linear[i]) : G711.LinearToALaw(linear[i]);
            Assert.True(expected == coded[i], $"sample {i}: {linear[i]} coded as 0x{coded[i]:X2}, core says 0x{expected:X2}");
        }
    }

    [Fact]
    public void Noise_is_reproducible_by_seed()
    {
        byte[] a = File.ReadAllBytes(Generate("a.wav", "--digits", "7", "--snr", "10", "--seed", "42"));
        byte[] b = File.ReadAllBytes(Generate("b.wav", "--digits", "7", "--snr", "10", "--seed", "42"));
        byte[] c = File.ReadAllBytes(Generate("c.wav", "--digits", "7", "--snr", "10", "--seed", "43"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(20.0, 0.0)]
    [InlineData(10.0, 0.0)]
    [InlineData(15.0, -6.0)] // reverse twist: SNR is referred to the weaker (here the high) tone
    public void Snr_is_weaker_tone_power_over_noise_power(double snrDb, double twistDb)
    {
        string twist = twistDb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string snr = snrDb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        short[] clean = Wav.ReadPcm16(Generate("clean.wav", "--digits", "8", "--tone-ms", "2000", "--twist", twist));
        short[] noisy = Wav.ReadPcm16(Generate("noisy.wav", "--digits", "8", "--tone-ms", "2000", "--twist", twist, "--snr", snr));
        Assert.Equal(clean.Length, noisy.Length);
        double noise = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            double d = noisy[i] - clean[i];
            noise += d * d;
        }
        noise /= clean.Length;
        double weaker = Math.Min(Wav.Amplitude(clean, 1000, 14000, 852), Wav.Amplitude(clean, 1000, 14000, 1336));
        double tonePower = weaker * weaker / 2;
        Assert.InRange(10 * Math.Log10(tonePower / noise), snrDb - 0.3, snrDb + 0.3);
    }

    private static double Db(double ratio) => 20 * Math.Log10(ratio);

    private static void AssertDb(double expected, double actual, double toleranceDb, string what)
    {
        double error = Db(actual / expected);
        Assert.True(Math.Abs(error) <= toleranceDb, $"{what}: {actual:F0} vs {expected:F0} ({error:+0.00;-0.00} dB)");
    }
}
