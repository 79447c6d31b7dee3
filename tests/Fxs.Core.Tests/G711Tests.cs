using System;
using System.IO;
using System.IO.Compression;
using Fxs.Core.Dsp;
using Fxs.Hal;

namespace Fxs.Core.Tests
{
    /// <summary>
    /// G.711 against two references made by TestData/make-g711-reference.sh: the ITU-T G.191
    /// algorithm (exact) and sox's independent codec (exact for decoding; for encoding, exact up
    /// to sox's documented rounding to 14/13 bits).
    /// </summary>
    public class G711Tests
    {
        private const int Inputs = 65536; // every int16, -32768..32767, in that order

        [Fact]
        public void MuLawEncoderEqualsG191ForEveryInput()
        {
            byte[] reference = ReadGzip("itu-mulaw-encode.bin.gz");
            AssertEncoder(reference, G711.LinearToMuLaw, "µ-law");
        }

        [Fact]
        public void ALawEncoderEqualsG191ForEveryInput()
        {
            byte[] reference = ReadGzip("itu-alaw-encode.bin.gz");
            AssertEncoder(reference, G711.LinearToALaw, "A-law");
        }

        [Fact]
        public void MuLawDecoderEqualsG191AndSoxForEveryCode()
        {
            AssertDecoder(ReadS16("itu-mulaw-decode.s16le"), G711.MuLawToLinear, "G.191 µ-law");
            AssertDecoder(ReadS16("sox-mulaw-decode.s16le"), G711.MuLawToLinear, "sox µ-law");
        }

        [Fact]
        public void ALawDecoderEqualsG191AndSoxForEveryCode()
        {
            AssertDecoder(ReadS16("itu-alaw-decode.s16le"), G711.ALawToLinear, "G.191 A-law");
            AssertDecoder(ReadS16("sox-alaw-decode.s16le"), G711.ALawToLinear, "sox A-law");
        }

        // sox rounds to the nearest 14-bit value before encoding (G.191 truncates) and negates
        // negative values (G.191 takes the one's complement); see make-g711-reference.sh.
        [Fact]
        public void MuLawEncoderEqualsSoxUpToSoxRounding()
        {
            byte[] sox = ReadGzip("sox-mulaw-encode.bin.gz");
            int differing = 0;
            for (int x = short.MinValue; x <= short.MaxValue; x++)
            {
                byte expected = x >= 0 ? G711.LinearToMuLaw(Saturate(x + 2))
                    : x >= -2 ? (byte)0xFF
                    : G711.LinearToMuLaw(Saturate(x - 2));
                byte actualSox = sox[x + 32768];
                Assert.True(expected == actualSox, $"x={x}: sox 0x{actualSox:X2}, predicted 0x{expected:X2}");
                if (actualSox != G711.LinearToMuLaw((short)x)) { differing++; }
            }
            Assert.Equal(510, differing); // 2 inputs at each of the 255 decision thresholds
        }

        [Fact]
        public void ALawEncoderEqualsSoxUpToSoxRounding()
        {
            byte[] sox = ReadGzip("sox-alaw-encode.bin.gz");
            int differing = 0;
            for (int x = short.MinValue; x <= short.MaxValue; x++)
            {
                byte expected = G711.LinearToALaw(Saturate(x + 4));
                byte actualSox = sox[x + 32768];
                Assert.True(expected == actualSox, $"x={x}: sox 0x{actualSox:X2}, predicted 0x{expected:X2}");
                if (actualSox != G711.LinearToALaw((short)x)) { differing++; }
            }
            Assert.Equal(1020, differing); // 4 inputs at each of the 255 decision thresholds
        }

        [Theory]
        [InlineData(0, 0xFF, 0xD5)]
        [InlineData(-1, 0x7F, 0x55)]       // one's complement: -1 is "negative zero"
        [InlineData(32767, 0x80, 0xAA)]
        [InlineData(-32768, 0x00, 0x2A)]
        public void KnownCodes(int linear, int muLaw, int aLaw)
        {
            Assert.Equal(muLaw, G711.LinearToMuLaw((short)linear));
            Assert.Equal(aLaw, G711.LinearToALaw((short)linear));
        }

        [Fact]
        public void DecoderExtremes()
        {
            Assert.Equal(32124, G711.MuLawToLinear(0x80));
            Assert.Equal(-32124, G711.MuLawToLinear(0x00));
            Assert.Equal(0, G711.MuLawToLinear(0xFF));
            Assert.Equal(0, G711.MuLawToLinear(0x7F));
            Assert.Equal(32256, G711.ALawToLinear(0xAA));
            Assert.Equal(-32256, G711.ALawToLinear(0x2A));
        }

        [Fact]
        public void EveryCodeSurvivesDecodeThenEncode()
        {
            for (int code = 0; code < 256; code++)
            {
                // µ-law 0x7F (-0) decodes to 0, which encodes as +0 (0xFF): the one ambiguous code.
                int expectedMu = code == 0x7F ? 0xFF : code;
                Assert.Equal(expectedMu, G711.LinearToMuLaw(G711.MuLawToLinear((byte)code)));
                Assert.Equal(code, G711.LinearToALaw(G711.ALawToLinear((byte)code)));
            }
        }

        [Fact]
        public void BlockHelpersMatchPerSampleFunctionsAndRespectOffsets()
        {
            var linear = new short[Inputs + 6];
            for (int i = 0; i < Inputs; i++) { linear[i + 3] = (short)(i - 32768); }
            var mu = new byte[Inputs + 4];
            var a = new byte[Inputs + 4];
            G711.EncodeMuLaw(linear, 3, mu, 2, Inputs);
            G711.EncodeALaw(linear, 3, a, 2, Inputs);
            Assert.Equal(0, mu[0] | mu[1] | mu[Inputs + 2] | mu[Inputs + 3]);

            var muBack = new short[Inputs + 2];
            var aBack = new short[Inputs + 2];
            G711.DecodeMuLaw(mu, 2, muBack, 1, Inputs);
            G711.DecodeALaw(a, 2, aBack, 1, Inputs);

            var muInPlace = (short[])linear.Clone();
            var aInPlace = (short[])linear.Clone();
            G711.MuLawRoundTrip(muInPlace, 3, Inputs);
            G711.ALawRoundTrip(aInPlace, 3, Inputs);
            Assert.True(muInPlace[0] == 0 && muInPlace[1] == 0 && muInPlace[2] == 0 && muInPlace[Inputs + 3] == 0);

            for (int i = 0; i < Inputs; i++)
            {
                short x = (short)(i - 32768);
                Assert.Equal(G711.LinearToMuLaw(x), mu[i + 2]);
                Assert.Equal(G711.LinearToALaw(x), a[i + 2]);
                Assert.Equal(G711.MuLawToLinear(mu[i + 2]), muBack[i + 1]);
                Assert.Equal(G711.ALawToLinear(a[i + 2]), aBack[i + 1]);
                Assert.Equal(muBack[i + 1], muInPlace[i + 3]);
                Assert.Equal(aBack[i + 1], aInPlace[i + 3]);
            }
        }

        [Fact]
        public void CodecDoesNotAllocate()
        {
            var linear = new short[160];
            var codes = new byte[160];
            G711.EncodeMuLaw(linear, 0, codes, 0, 160); // JIT outside the measurement
            G711.MuLawRoundTrip(linear, 0, 160);
            long allocated = Allocations.During(() =>
            {
                G711.EncodeMuLaw(linear, 0, codes, 0, 160);
                G711.DecodeMuLaw(codes, 0, linear, 0, 160);
                G711.MuLawRoundTrip(linear, 0, 160);
            });
            Assert.Equal(0, allocated);
        }

        private static void AssertEncoder(byte[] reference, Func<short, byte> encode, string law)
        {
            Assert.Equal(Inputs, reference.Length);
            int mismatches = 0;
            string first = "";
            for (int x = short.MinValue; x <= short.MaxValue; x++)
            {
                byte actual = encode((short)x);
                if (actual != reference[x + 32768])
                {
                    if (mismatches++ == 0) { first = $"x={x}: 0x{actual:X2}, G.191 0x{reference[x + 32768]:X2}"; }
                }
            }
            Assert.True(mismatches == 0, $"{law}: {mismatches} inputs differ from G.191, first {first}");
        }

        private static void AssertDecoder(short[] reference, Func<byte, short> decode, string what)
        {
            Assert.Equal(256, reference.Length);
            for (int code = 0; code < 256; code++)
            {
                Assert.True(reference[code] == decode((byte)code), $"{what} code 0x{code:X2}: {decode((byte)code)}, reference {reference[code]}");
            }
        }

        private static short Saturate(int x) { return (short)Math.Clamp(x, short.MinValue, short.MaxValue); }

        private static string DataPath(string name) { return Path.Combine(AppContext.BaseDirectory, "TestData", name); }

        private static byte[] ReadGzip(string name)
        {
            using var file = File.OpenRead(DataPath(name));
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            return bytes.ToArray();
        }

        private static short[] ReadS16(string name)
        {
            byte[] bytes = File.ReadAllBytes(DataPath(name));
            var samples = new short[bytes.Length / 2];
            for (int i = 0; i < samples.Length; i++) { samples[i] = (short)(bytes[2 * i] | (bytes[2 * i + 1] << 8)); }
            return samples;
        }
    }
}
