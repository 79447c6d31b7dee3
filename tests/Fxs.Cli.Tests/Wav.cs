using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NAudio.Wave;

namespace Fxs.Cli.Tests;

// Test-side WAV helpers: independent of the CLI's reader so the tests check it rather than mirror it.
internal static class Wav
{
    public static (WaveFormat Format, byte[] Data) ReadRaw(string path)
    {
        using var reader = new WaveFileReader(path);
        var data = new byte[reader.Length];
        int n = 0;
        while (n < data.Length)
        {
            int got = reader.Read(data, n, data.Length - n);
            if (got == 0) break;
            n += got;
        }
        Array.Resize(ref data, n);
        return (reader.WaveFormat, data);
    }

    /// <summary>16-bit PCM samples of a file written with --encoding pcm.</summary>
    public static short[] ReadPcm16(string path)
    {
        (WaveFormat format, byte[] data) = ReadRaw(path);
        Assert.Equal(WaveFormatEncoding.Pcm, format.Encoding);
        Assert.Equal(16, format.BitsPerSample);
        var samples = new short[data.Length / 2];
        Buffer.BlockCopy(data, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    public static void WriteNAudio(string path, WaveFormat format, int seconds = 1)
    {
        using var writer = new WaveFileWriter(path, format);
        var data = new byte[format.AverageBytesPerSecond * seconds];
        new Random(7).NextBytes(data);
        writer.Write(data, 0, data.Length - data.Length % format.BlockAlign);
    }

    /// <summary>A hand-built RIFF/WAVE file: fmt chunk body, optional extra chunks before data, then data.</summary>
    public static byte[] Build(byte[] fmt, byte[] data, params (string Id, byte[] Body)[] chunksBeforeData)
    {
        var chunks = new List<(string, byte[])> { ("fmt ", fmt) };
        chunks.AddRange(chunksBeforeData);
        chunks.Add(("data", data));
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(0);
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        foreach ((string id, byte[] body) in chunks)
        {
            w.Write(Encoding.ASCII.GetBytes(id));
            w.Write(body.Length);
            w.Write(body);
            if (body.Length % 2 == 1) w.Write((byte)0);
        }
        w.Flush();
        byte[] bytes = ms.ToArray();
        BitConverter.GetBytes(bytes.Length - 8).CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>fmt body of WAVE_FORMAT_EXTENSIBLE mono with the given sub-format tag and bit depth.</summary>
    public static byte[] ExtensibleFmt(int sampleRate, int bits, ushort subFormatTag)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        int blockAlign = bits / 8;
        w.Write((ushort)0xFFFE);
        w.Write((ushort)1);
        w.Write(sampleRate);
        w.Write(sampleRate * blockAlign);
        w.Write((ushort)blockAlign);
        w.Write((ushort)bits);
        w.Write((ushort)22);
        w.Write((ushort)bits);   // valid bits
        w.Write(4);              // channel mask: front centre
        var guid = new byte[] { 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 };
        BitConverter.GetBytes(subFormatTag).CopyTo(guid, 0);
        w.Write(guid);
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>Amplitude (peak) of the component at hz in samples[start, start+count), by a single-bin DFT.</summary>
    public static double Amplitude(short[] samples, int start, int count, double hz)
    {
        double re = 0, im = 0;
        for (int i = 0; i < count; i++)
        {
            double phase = 2 * Math.PI * hz * i / 8000.0;
            re += samples[start + i] * Math.Cos(phase);
            im += samples[start + i] * Math.Sin(phase);
        }
        return 2 * Math.Sqrt(re * re + im * im) / count;
    }
}
