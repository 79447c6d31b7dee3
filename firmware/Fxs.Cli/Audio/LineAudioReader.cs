using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Fxs.Core.Dsp;
using NAudio.Wave;
using Fxs.Hal;

namespace Fxs.Cli.Audio;

// Reads an 8 kHz mono WAV (16-bit PCM, µ-law or A-law) as linear 16-bit samples, a chunk at a time, so an
// hour-long capture never sits in memory; a stereo one too when told which channel (AudioChannel: left,
// right or their mean), and never without (an fxs call recording's right channel is the guidance).
// The one WAV loader of fxs: every command that reads line audio opens it here. G.711 is expanded with the core's G711, not NAudio's codec,
// so what is measured is what the device runs.
public sealed class LineAudioReader : IDisposable
{
    private readonly Stream _stream;
    private readonly WaveFileReader _reader;
    private byte[] _bytes = Array.Empty<byte>();
    private int _carry; // a byte of a 16-bit sample split across reads (or left by a truncated file)
    private byte _carryByte; // that byte, on the PCM path (which reads into the caller's buffer)
    private long _pcmLeft;   // bytes of the data chunk not yet read, on the PCM path
    private readonly AudioChannel _channel; // Mono for a mono file; which channel of a stereo one

    // G.711 expansion, made from the core's G711 on first use.
    private static readonly Lazy<short[]> MuLawTable = new(() => Expand(muLaw: true));
    private static readonly Lazy<short[]> ALawTable = new(() => Expand(muLaw: false));

    /// <summary>Samples per Read for a decoder streaming a whole file: 4 s at 8 kHz (64 KiB of 16-bit PCM).</summary>
    public const int BlockSamples = 32 * 1024;

    private LineAudioReader(Stream stream, WaveFileReader reader, LineEncoding encoding, AudioChannel channel)
    {
        _stream = stream;
        _reader = reader;
        Encoding = encoding;
        _channel = channel;
        // The stream at the data chunk's first byte (NAudio's Position is relative to it).
        reader.Position = 0;
        _pcmLeft = reader.Length;
    }

    public LineEncoding Encoding { get; }

    /// <summary>The file's format as found, and the channel read, e.g. "8000 Hz stereo 16-bit PCM, left channel".</summary>
    public string FormatLine => WavFormatText.Describe(_reader.WaveFormat)
        + (_channel == AudioChannel.Mono ? "" : ", " + _channel.ToString().ToLowerInvariant() + " channel");

    /// <summary>
    /// Opens and checks the file ('-': stdin, read whole first, as a WAV header needs seeking). A stereo file
    /// needs <paramref name="channel"/>; a mono one is read as it is. Every refusal is an InputRejectedException
    /// whose message is one line.
    /// </summary>
    public static LineAudioReader Open(string path, AudioChannel channel = AudioChannel.Mono)
    {
        if (path == "-")
        {
            return Open(ReadStdin(), StdinName, channel);
        }
        if (Directory.Exists(path))
        {
            throw new InputRejectedException(path + ": is a directory, not a WAV file");
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (FileNotFoundException)
        {
            throw new InputRejectedException(path + ": no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputRejectedException(path + ": no such file (directory not found)");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new InputRejectedException(path + ": cannot read (" + e.Message + ")");
        }
        return Open(stream, path, channel);
    }

    /// <summary>How messages name stdin ('-' on the command line).</summary>
    public const string StdinName = "stdin";

    private static MemoryStream ReadStdin()
    {
        var memory = new MemoryStream();
        try
        {
            using Stream stdin = Console.OpenStandardInput();
            stdin.CopyTo(memory);
        }
        catch (IOException e)
        {
            throw new InputRejectedException(StdinName + ": read failed (" + e.Message + ")");
        }
        memory.Position = 0;
        return memory;
    }

    /// <summary>
    /// The same checks on a seekable stream (`fxs selftest`'s built-in recording is a resource, not a
    /// file), named <paramref name="path"/> in messages; the reader owns and disposes the stream.
    /// </summary>
    public static LineAudioReader Open(Stream stream, string path, AudioChannel channel = AudioChannel.Mono)
    {
        try
        {
            CheckRiff(path, stream);
            WaveFileReader reader;
            try
            {
                reader = new WaveFileReader(stream);
            }
            catch (EndOfStreamException)
            {
                throw new InputRejectedException(path + ": truncated WAV header (the file ends inside it); fxs needs "
                    + WavFormatText.Accepted + " WAV");
            }
            catch (Exception e) when (e is FormatException || e is InvalidDataException || e is ArgumentException)
            {
                throw new InputRejectedException(path + ": malformed WAV header (" + e.Message.TrimEnd('.')
                    + "); fxs needs " + WavFormatText.Accepted + " WAV");
            }

            string? fault = WavFormatText.Inconsistency(reader.WaveFormat);
            if (fault is not null)
            {
                reader.Dispose();
                throw new InputRejectedException(path + ": malformed WAV header (" + fault + "); fxs needs "
                    + WavFormatText.Accepted + " WAV");
            }

            LineEncoding? encoding = WavFormatText.ClassifyUpToStereo(reader.WaveFormat);
            int channels = reader.WaveFormat.Channels;
            if (encoding is null)
            {
                string found = WavFormatText.Describe(reader.WaveFormat);
                reader.Dispose();
                throw new InputRejectedException(path + ": " + found + "; fxs needs " + WavFormatText.Accepted
                    + ConvertHint(path, channels, channel));
            }
            if (channels == 2 && channel == AudioChannel.Mono)
            {
                string found = WavFormatText.Describe(reader.WaveFormat);
                reader.Dispose();
                throw new InputRejectedException(path + ": " + found + ": " + AudioChannels.Advice);
            }
            return new LineAudioReader(stream, reader, encoding.Value, channels == 2 ? channel : AudioChannel.Mono);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fills up to buffer.Length samples; returns how many (0 at the end of the data). Read in large
    /// blocks (the decoders use <see cref="BlockSamples"/>): 16-bit PCM goes from the file straight
    /// into the buffer with no per-sample work, G.711 through a 256-entry table of the core's codec.
    /// </summary>
    public int Read(short[] buffer)
    {
        if (_channel != AudioChannel.Mono)
        {
            return ReadStereo(buffer);
        }
        if (Encoding == LineEncoding.Pcm16 && BitConverter.IsLittleEndian)
        {
            return ReadPcm16(buffer);
        }
        int bytesPerSample = Encoding == LineEncoding.Pcm16 ? 2 : 1;
        int want = buffer.Length * bytesPerSample;
        if (_bytes.Length < want)
        {
            _bytes = new byte[want];
        }
        int have = FillBytes(_bytes, _carry, want, bytesPerSample);

        int samples = have / bytesPerSample;
        switch (Encoding)
        {
            case LineEncoding.Pcm16: // a big-endian host
                for (int i = 0; i < samples; i++)
                {
                    buffer[i] = (short)(_bytes[2 * i] | (_bytes[2 * i + 1] << 8));
                }
                break;
            default:
                short[] table = Encoding == LineEncoding.MuLaw ? MuLawTable.Value : ALawTable.Value;
                for (int i = 0; i < samples; i++)
                {
                    buffer[i] = table[_bytes[i]];
                }
                break;
        }

        _carry = have - samples * bytesPerSample;
        if (_carry > 0)
        {
            _bytes[0] = _bytes[have - 1];
        }
        return samples;
    }

    // A stereo file: whole frames (left then right) into _bytes, the chosen channel (or the mean) out. Bytes of a
    // frame split across reads are carried to the front for the next call.
    private int ReadStereo(short[] buffer)
    {
        int bytesPerSample = Encoding == LineEncoding.Pcm16 ? 2 : 1;
        int frameBytes = 2 * bytesPerSample;
        int want = buffer.Length * frameBytes;
        if (_bytes.Length < want)
        {
            byte[] grown = new byte[want];
            Array.Copy(_bytes, grown, _carry);
            _bytes = grown;
        }
        int have = FillBytes(_bytes, _carry, want, frameBytes);
        int frames = have / frameBytes;
        for (int i = 0; i < frames; i++)
        {
            int at = i * frameBytes;
            int left = Sample(_bytes, at);
            int right = Sample(_bytes, at + bytesPerSample);
            buffer[i] = _channel switch
            {
                AudioChannel.Left => (short)left,
                AudioChannel.Right => (short)right,
                _ => (short)((left + right) >> 1), // the mean, rounded down: never overflows 16 bits
            };
        }
        _carry = have - frames * frameBytes;
        Array.Copy(_bytes, frames * frameBytes, _bytes, 0, _carry);
        return frames;
    }

    private int Sample(byte[] bytes, int at) => Encoding switch
    {
        LineEncoding.Pcm16 => (short)(bytes[at] | (bytes[at + 1] << 8)),
        LineEncoding.MuLaw => MuLawTable.Value[bytes[at]],
        _ => ALawTable.Value[bytes[at]],
    };

    // The sox line that makes a file fxs reads. Of a stereo file it keeps the channel asked for (left, the
    // caller's side of an fxs recording, when none was): sox's -c 1 alone would mix in the guidance.
    private static string ConvertHint(string path, int channels, AudioChannel channel)
    {
        string sox = "sox " + ShellQuote(path);
        if (channels != 2 || channel == AudioChannel.Mix)
        {
            return (channels == 2 ? ". Convert (the mean of both channels) with: " : ". Convert with: ")
                + sox + " -r " + LineTime.SampleRateHz + " -c 1 -b 16 -e signed-integer out.wav";
        }
        if (channel == AudioChannel.Right)
        {
            return ". Convert the right channel with: " + sox + " -r " + LineTime.SampleRateHz + " -b 16 -e signed-integer out.wav remix 2";
        }
        return ", or " + WavFormatText.Rate + " stereo with --channel " + AudioChannels.Choices + ". Convert the left channel (an fxs call recording's caller side) with: "
            + sox + " -r " + LineTime.SampleRateHz + " -b 16 -e signed-integer out.wav remix 1";
    }

    // 16-bit little-endian PCM on a little-endian host: the file's bytes are the samples, so they are
    // read into the caller's buffer as they are (an hour at 8 kHz is 57.6 MB: a per-sample loop and a
    // second copy cost as much as start-up).
    private int ReadPcm16(short[] buffer)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        int have = _carry;
        if (_carry > 0)
        {
            bytes[0] = _carryByte;
        }
        while (have < 2)
        {
            int asked = bytes.Length - have;
            asked -= asked % 2;
            if (asked == 0)
            {
                break;
            }
            // NAudio's reader has no Span overload (netstandard2.0): Stream's default would rent an
            // array and copy. The data chunk is read from the file itself, bounded by its length.
            if (asked > _pcmLeft)
            {
                asked = (int)_pcmLeft;
            }
            if (asked == 0)
            {
                break;
            }
            int got = _stream.Read(bytes.Slice(have, asked));
            _pcmLeft -= got;
            if (got == 0)
            {
                break;
            }
            have += got;
        }
        _carry = have % 2;
        if (_carry > 0)
        {
            _carryByte = bytes[have - 1];
        }
        return have / 2;
    }

    // WaveFileReader wants whole blocks per request, but the stream may return fewer bytes (a truncated
    // data chunk ends mid-sample), so a half sample is carried to the next call.
    private int FillBytes(byte[] bytes, int have, int want, int bytesPerSample)
    {
        while (have < bytesPerSample)
        {
            int asked = want - have;
            asked -= asked % bytesPerSample;
            if (asked == 0)
            {
                break;
            }
            int got = _reader.Read(bytes, have, asked);
            if (got == 0)
            {
                break;
            }
            have += got;
        }
        return have;
    }

    private static short[] Expand(bool muLaw)
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = muLaw ? G711.MuLawToLinear((byte)code) : G711.ALawToLinear((byte)code);
        }
        return table;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    // NAudio's own messages for these are terse; say plainly that this is not a WAV at all.
    private static void CheckRiff(string path, Stream stream)
    {
        var head = new byte[12];
        int n = 0;
        while (n < head.Length)
        {
            int got = stream.Read(head, n, head.Length - n);
            if (got == 0)
            {
                break;
            }
            n += got;
        }
        stream.Position = 0;

        string tail = "; fxs needs " + WavFormatText.Accepted + " WAV";
        if (n == 0)
        {
            throw new InputRejectedException(path + ": empty file, not a WAV" + tail);
        }
        string riff = Ascii(head, 0, Math.Min(n, 4));
        if (riff != "RIFF" && riff != "RF64")
        {
            throw new InputRejectedException(path + ": not a WAV file (no RIFF header)" + tail);
        }
        if (n < 12)
        {
            throw new InputRejectedException(path + ": truncated WAV header (the file ends inside it)" + tail);
        }
        string form = Ascii(head, 8, 4);
        if (form != "WAVE")
        {
            throw new InputRejectedException(path + ": not a WAV file (RIFF form '" + form + "')" + tail);
        }
    }

    private static string Ascii(byte[] bytes, int offset, int count)
    {
        var sb = new StringBuilder(count);
        for (int i = offset; i < offset + count; i++)
        {
            byte b = bytes[i];
            sb.Append(b >= 0x20 && b < 0x7F ? (char)b : '?');
        }
        return sb.ToString();
    }

    // The suggested sox line must paste into a shell even when the path has spaces.
    internal static string ShellQuote(string path)
    {
        foreach (char c in path)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == ':'))
            {
                return "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            }
        }
        return path;
    }
}
