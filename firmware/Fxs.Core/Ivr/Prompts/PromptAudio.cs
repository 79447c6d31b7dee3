using System;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Core.Ivr.Prompts
{
    /// <summary>
    /// One prompt's audio, read from the bytes of an 8 kHz mono µ-law WAV file (the format the
    /// RenderPrompts build target writes to prompts/ja/, and the one studio recordings must be
    /// delivered in). The board reads the file by its own means (flash, SD, resources) and hands
    /// the bytes over; this class finds the data chunk once and then serves µ-law codes or linear
    /// samples straight from those bytes: no copy of the file, nothing allocated per frame.
    /// </summary>
    /// <remarks>
    /// Accepted: RIFF/WAVE with a "fmt " chunk of format tag 7 (WAVE_FORMAT_MULAW), 1 channel,
    /// 8000 samples/s, 8 bits per sample, followed somewhere by a "data" chunk; other chunks (fact,
    /// LIST, ...) are skipped, odd-sized chunks take their pad byte. Anything else throws
    /// <see cref="PromptAudioException"/> saying what was found.
    /// </remarks>
    public sealed class PromptAudio
    {

        /// <summary>WAVE format tag of G.711 µ-law (WAVE_FORMAT_MULAW).</summary>
        public const int FormatMuLaw = 7;

        private readonly byte[] _file;
        private readonly int _dataOffset;
        private readonly int _sampleCount;

        private PromptAudio(byte[] file, int dataOffset, int sampleCount)
        {
            _file = file;
            _dataOffset = dataOffset;
            _sampleCount = sampleCount;
        }

        /// <summary>The file's bytes, as given (not copied): the codes are <see cref="SampleCount"/> bytes from <see cref="DataOffset"/>.</summary>
        public byte[] FileBytes { get { return _file; } }

        /// <summary>Offset of the first µ-law code in <see cref="FileBytes"/>.</summary>
        public int DataOffset { get { return _dataOffset; } }

        /// <summary>Number of samples (one µ-law byte each).</summary>
        public int SampleCount { get { return _sampleCount; } }

        /// <summary>Duration in milliseconds, rounded down.</summary>
        public int DurationMs { get { return _sampleCount / LineTime.SamplesPerMs; } }

        /// <summary>
        /// Parses <paramref name="wav"/> (a whole WAV file) and keeps a reference to it.
        /// Throws <see cref="PromptAudioException"/> when it is not 8 kHz mono µ-law WAV or is cut short.
        /// </summary>
        public static PromptAudio FromWav(byte[] wav)
        {
            if (wav == null) { throw new ArgumentNullException(nameof(wav)); }
            if (wav.Length < 12 || !IsTag(wav, 0, 'R', 'I', 'F', 'F') || !IsTag(wav, 8, 'W', 'A', 'V', 'E'))
            {
                throw new PromptAudioException("not a RIFF/WAVE file (" + wav.Length.ToString() + " bytes; expected \"RIFF\" at 0 and \"WAVE\" at 8)");
            }

            bool haveFormat = false;
            int position = 12;
            while (position + 8 <= wav.Length)
            {
                int size = ReadInt32(wav, position + 4);
                int body = position + 8;
                if (size < 0 || size > wav.Length - body)
                {
                    throw new PromptAudioException("chunk \"" + TagText(wav, position) + "\" at byte " + position.ToString() +
                        " claims " + ReadUInt32Text(wav, position + 4) + " bytes but the file has " + (wav.Length - body).ToString() +
                        " after its header: the file is truncated");
                }

                if (IsTag(wav, position, 'f', 'm', 't', ' '))
                {
                    CheckFormat(wav, body, size);
                    haveFormat = true;
                }
                else if (IsTag(wav, position, 'd', 'a', 't', 'a'))
                {
                    if (!haveFormat) { throw new PromptAudioException("\"data\" chunk at byte " + position.ToString() + " comes before any \"fmt \" chunk"); }
                    return new PromptAudio(wav, body, size);
                }

                position = body + size + (size & 1); // chunks are padded to an even size
            }

            throw new PromptAudioException(haveFormat ? "no \"data\" chunk" : "no \"fmt \" chunk");
        }

        /// <summary>The µ-law code of sample <paramref name="index"/>.</summary>
        public byte MuLawAt(int index)
        {
            if (index < 0 || index >= _sampleCount) { throw new ArgumentOutOfRangeException(nameof(index)); }
            return _file[_dataOffset + index];
        }

        /// <summary>
        /// Copies up to <paramref name="count"/> µ-law codes from sample <paramref name="position"/> on into
        /// <paramref name="destination"/>; returns how many were copied (0 at or past the end).
        /// </summary>
        public int CopyMuLaw(int position, byte[] destination, int destinationOffset, int count)
        {
            int n = Available(position, count);
            if (n > 0) { Array.Copy(_file, _dataOffset + position, destination, destinationOffset, n); }
            return n;
        }

        /// <summary>
        /// Decodes up to <paramref name="count"/> samples from <paramref name="position"/> on into
        /// <paramref name="destination"/> as 16-bit linear (G.711); returns how many were decoded (0 at or past the end).
        /// </summary>
        public int ReadLinear(int position, short[] destination, int destinationOffset, int count)
        {
            int n = Available(position, count);
            if (n > 0) { G711.DecodeMuLaw(_file, _dataOffset + position, destination, destinationOffset, n); }
            return n;
        }

        private int Available(int position, int count)
        {
            if (position < 0) { throw new ArgumentOutOfRangeException(nameof(position)); }
            if (count < 0) { throw new ArgumentOutOfRangeException(nameof(count)); }
            int left = _sampleCount - position;
            if (left <= 0) { return 0; }
            return count < left ? count : left;
        }

        private static void CheckFormat(byte[] wav, int body, int size)
        {
            if (size < 16) { throw new PromptAudioException("\"fmt \" chunk of " + size.ToString() + " bytes (at least 16 expected)"); }
            int tag = ReadUInt16(wav, body);
            int channels = ReadUInt16(wav, body + 2);
            int rate = ReadInt32(wav, body + 4);
            int bits = ReadUInt16(wav, body + 14);
            if (tag != FormatMuLaw || channels != 1 || rate != LineTime.SampleRateHz || bits != 8)
            {
                throw new PromptAudioException("format tag " + tag.ToString() + " (" + FormatName(tag) + "), " + channels.ToString() +
                    " channel(s), " + rate.ToString() + " Hz, " + bits.ToString() + " bits; a prompt must be " +
                    "format tag 7 (µ-law), 1 channel, " + LineTime.SampleRateHz.ToString() + " Hz, 8 bits (sox IN.wav -r " + LineTime.SampleRateHz.ToString() + " -c 1 -e u-law OUT.wav)");
            }
        }

        private static string FormatName(int tag)
        {
            switch (tag)
            {
                case 1: return "PCM";
                case 3: return "IEEE float";
                case 6: return "A-law";
                case 7: return "µ-law";
                case 0xFFFE: return "extensible";
                default: return "unknown";
            }
        }

        private static bool IsTag(byte[] b, int at, char c0, char c1, char c2, char c3)
        {
            return b[at] == c0 && b[at + 1] == c1 && b[at + 2] == c2 && b[at + 3] == c3;
        }

        private static string TagText(byte[] b, int at)
        {
            char[] chars = new char[4];
            for (int i = 0; i < 4; i++)
            {
                byte c = b[at + i];
                chars[i] = c >= 0x20 && c < 0x7F ? (char)c : '?';
            }
            return new string(chars);
        }

        private static int ReadUInt16(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        // Little-endian 32-bit; sizes of 2 GiB and more come out negative and are rejected as truncated.
        private static int ReadInt32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static string ReadUInt32Text(byte[] b, int at)
        {
            long value = (uint)ReadInt32(b, at);
            return value.ToString();
        }
    }

    /// <summary>A prompt file that is not 8 kHz mono µ-law WAV, or is cut short; the message says what was found.</summary>
    public class PromptAudioException : Exception
    {
        /// <summary>Creates the exception with its message.</summary>
        public PromptAudioException(string message) : base(message) { }
    }
}
