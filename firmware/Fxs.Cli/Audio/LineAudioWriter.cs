using System;
using Fxs.Core.Dsp;
using NAudio.Wave;
using Fxs.Hal;

namespace Fxs.Cli.Audio;

// Writes 8 kHz mono line audio as a WAV. µ-law and A-law are compressed with the core's G711, so a
// generated file holds exactly the bytes the device would put on the PCM highway.
public sealed class LineAudioWriter : IDisposable
{
    private readonly WaveFileWriter _writer;
    private readonly LineEncoding _encoding;
    private byte[] _bytes = Array.Empty<byte>();

    public LineAudioWriter(string path, LineEncoding encoding)
    {
        _encoding = encoding;
        WaveFormat format = encoding switch
        {
            LineEncoding.MuLaw => WaveFormat.CreateMuLawFormat(LineTime.SampleRateHz, 1),
            LineEncoding.ALaw => WaveFormat.CreateALawFormat(LineTime.SampleRateHz, 1),
            _ => new WaveFormat(LineTime.SampleRateHz, 16, 1),
        };
        _writer = new WaveFileWriter(path, format);
    }

    public void Write(short[] samples, int offset, int count)
    {
        if (_encoding == LineEncoding.Pcm16)
        {
            _writer.WriteSamples(samples, offset, count);
            return;
        }
        if (_bytes.Length < count)
        {
            _bytes = new byte[count];
        }
        bool mu = _encoding == LineEncoding.MuLaw;
        for (int i = 0; i < count; i++)
        {
            short s = samples[offset + i];
            _bytes[i] = mu ? G711.LinearToMuLaw(s) : G711.LinearToALaw(s);
        }
        _writer.Write(_bytes, 0, count);
    }

    public void Dispose()
    {
        _writer.Dispose();
    }
}
