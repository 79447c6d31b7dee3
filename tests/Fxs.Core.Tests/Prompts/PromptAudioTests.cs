using System;
using System.IO;
using System.Linq;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Fxs.Hal;

namespace Fxs.Core.Tests.Prompts
{
    /// <summary>The portable µ-law WAV loader: reads a rendered prompt exactly, frame by frame without allocating, and refuses malformed files by name.</summary>
    public class PromptAudioTests
    {
        [Fact]
        public void ReadsARenderedPromptExactly()
        {
            byte[] wav = RenderedPromptTests.ReadPrompt(PromptId.InvalidEntry);
            (int dataOffset, int dataSize) = FindData(wav);

            PromptAudio audio = PromptAudio.FromWav(wav);
            Assert.Same(wav, audio.FileBytes);
            Assert.Equal(dataOffset, audio.DataOffset);
            Assert.Equal(dataSize, audio.SampleCount);
            Assert.Equal(dataSize / 8, audio.DurationMs);
            Assert.Equal(wav[dataOffset + 123], audio.MuLawAt(123));

            // 10 ms frames, as a board plays them; the last one is short.
            var codes = new byte[80];
            var linear = new short[80];
            var allCodes = new byte[dataSize];
            var allLinear = new short[dataSize];
            int position = 0;
            while (true)
            {
                int n = audio.CopyMuLaw(position, codes, 0, codes.Length);
                Assert.Equal(n, audio.ReadLinear(position, linear, 0, linear.Length));
                if (n == 0) { break; }
                Array.Copy(codes, 0, allCodes, position, n);
                Array.Copy(linear, 0, allLinear, position, n);
                position += n;
            }
            Assert.Equal(dataSize, position);
            Assert.Equal(wav.Skip(dataOffset).Take(dataSize), allCodes);
            Assert.Equal(allCodes.Select(G711.MuLawToLinear), allLinear);
            Assert.Equal(0, audio.ReadLinear(dataSize + 5, linear, 0, 80));
            Assert.Throws<ArgumentOutOfRangeException>(() => audio.MuLawAt(dataSize));
            Assert.Throws<ArgumentOutOfRangeException>(() => audio.ReadLinear(-1, linear, 0, 80));
        }

        [Fact]
        public void PlayingAFrameAllocatesNothing()
        {
            PromptAudio audio = PromptAudio.FromWav(RenderedPromptTests.ReadPrompt(PromptId.UnitMenu));
            var codes = new byte[80];
            var linear = new short[80];
            audio.ReadLinear(0, linear, 0, 80);
            audio.CopyMuLaw(0, codes, 0, 80);
            long allocated = Allocations.During(() =>
            {
                for (int position = 0; position < audio.SampleCount; position += 80)
                {
                    audio.ReadLinear(position, linear, 0, 80);
                    audio.CopyMuLaw(position, codes, 0, 80);
                }
            });
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void SkipsOtherChunksAndTheirPadBytes()
        {
            byte[] data = { 0xFF, 0x80, 0x00, 0x7F, 0x1E };
            byte[] wav = Wav(Chunk("LIST", new byte[] { 1, 2, 3 }), Fmt(7, 1, 8000, 8), Chunk("fact", BitConverter.GetBytes(5)), Chunk("data", data));
            PromptAudio audio = PromptAudio.FromWav(wav);
            Assert.Equal(5, audio.SampleCount);
            var codes = new byte[8];
            Assert.Equal(5, audio.CopyMuLaw(0, codes, 0, 8));
            Assert.Equal(data, codes.Take(5));
        }

        [Theory]
        [InlineData("empty", "not a RIFF/WAVE file")]
        [InlineData("text", "not a RIFF/WAVE file")]
        [InlineData("pcm16", "format tag 1 (PCM), 1 channel(s), 8000 Hz, 16 bits")]
        [InlineData("alaw", "format tag 6 (A-law)")]
        [InlineData("stereo", "2 channel(s)")]
        [InlineData("16kHz", "16000 Hz")]
        [InlineData("shortFmt", "\"fmt \" chunk of 14 bytes")]
        [InlineData("noFmt", "no \"fmt \" chunk")]
        [InlineData("dataFirst", "comes before any \"fmt \" chunk")]
        [InlineData("noData", "no \"data\" chunk")]
        [InlineData("truncated", "claims 8000 bytes but the file has 100 after its header: the file is truncated")]
        public void RefusesMalformedFilesSayingWhatItFound(string kind, string message)
        {
            byte[] samples = Enumerable.Repeat((byte)0xFF, 100).ToArray();
            byte[] wav = kind switch
            {
                "empty" => new byte[0],
                "text" => Encoding.ASCII.GetBytes("this is not audio at all"),
                "pcm16" => Wav(Fmt(1, 1, 8000, 16), Chunk("data", samples)),
                "alaw" => Wav(Fmt(6, 1, 8000, 8), Chunk("data", samples)),
                "stereo" => Wav(Fmt(7, 2, 8000, 8), Chunk("data", samples)),
                "16kHz" => Wav(Fmt(7, 1, 16000, 8), Chunk("data", samples)),
                "shortFmt" => Wav(Chunk("fmt ", new byte[14]), Chunk("data", samples)),
                "noFmt" => Wav(Chunk("fact", new byte[4])),
                "dataFirst" => Wav(Chunk("data", samples), Fmt(7, 1, 8000, 8)),
                "noData" => Wav(Fmt(7, 1, 8000, 8), Chunk("fact", new byte[4])),
                "truncated" => Wav(Fmt(7, 1, 8000, 8), DataClaiming(8000, samples)),
                _ => throw new ArgumentException(kind),
            };
            var e = Assert.Throws<PromptAudioException>(() => PromptAudio.FromWav(wav));
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void RefusesNull()
        {
            Assert.Throws<ArgumentNullException>(() => PromptAudio.FromWav(null!));
        }

        // The data chunk, found without the loader.
        private static (int Offset, int Size) FindData(byte[] wav)
        {
            int position = 12;
            while (Encoding.ASCII.GetString(wav, position, 4) != "data")
            {
                int size = BitConverter.ToInt32(wav, position + 4);
                position += 8 + size + (size & 1);
            }
            return (position + 8, BitConverter.ToInt32(wav, position + 4));
        }

        private static byte[] Fmt(int tag, int channels, int rate, int bits)
        {
            var body = new MemoryStream();
            var w = new BinaryWriter(body);
            w.Write((short)tag);
            w.Write((short)channels);
            w.Write(rate);
            w.Write(rate * channels * bits / 8);
            w.Write((short)(channels * bits / 8));
            w.Write((short)bits);
            w.Write((short)0);
            return Chunk("fmt ", body.ToArray());
        }

        private static byte[] Chunk(string tag, byte[] body)
        {
            var chunk = new MemoryStream();
            chunk.Write(Encoding.ASCII.GetBytes(tag));
            chunk.Write(BitConverter.GetBytes(body.Length));
            chunk.Write(body);
            if ((body.Length & 1) != 0) { chunk.WriteByte(0); }
            return chunk.ToArray();
        }

        private static byte[] DataClaiming(int claimed, byte[] present)
        {
            byte[] chunk = Chunk("data", present);
            BitConverter.GetBytes(claimed).CopyTo(chunk, 4);
            return chunk;
        }

        private static byte[] Wav(params byte[][] chunks)
        {
            var file = new MemoryStream();
            file.Write(Encoding.ASCII.GetBytes("RIFF"));
            file.Write(BitConverter.GetBytes(4 + chunks.Sum(c => c.Length)));
            file.Write(Encoding.ASCII.GetBytes("WAVE"));
            foreach (byte[] c in chunks) { file.Write(c); }
            return file.ToArray();
        }
    }
}
