using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Fxs.Core.Dsp;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;
using Xunit.Abstractions;
using Fxs.Hal;

namespace Fxs.Core.Tests.Prompts
{
    /// <summary>
    /// The committed audio in prompts/ja/ (copied to the test output by the project file): one file
    /// per prompt, 8 kHz mono µ-law, 0.3-20 s, active speech level -15 dBm0 ± 1.5 dB, and tables
    /// that still match the catalogue (a changed text or reading needs `dotnet cake --target=RenderPrompts`).
    /// </summary>
    public class RenderedPromptTests
    {
        private const string Rerender = "re-render with `dotnet tool restore && dotnet cake --target=RenderPrompts` and commit prompts/ja/";
        private const double GuidanceDbm0 = -15.0;

        private readonly ITestOutputHelper _output;

        public RenderedPromptTests(ITestOutputHelper output) { _output = output; }

        internal static string PromptDir { get { return Path.Combine(AppContext.BaseDirectory, "prompts", "ja"); } }

        internal static byte[] ReadPrompt(PromptId id)
        {
            string path = Path.Combine(PromptDir, PromptCatalogue.FileName(id)!);
            Assert.True(File.Exists(path), $"{path} missing: {Rerender}");
            return File.ReadAllBytes(path);
        }

        [Theory]
        [MemberData(nameof(PromptCatalogueTests.EveryPrompt), MemberType = typeof(PromptCatalogueTests))]
        public void EveryPromptIsRenderedAsEightKilohertzMonoMuLaw(PromptId id)
        {
            byte[] wav = ReadPrompt(id);

            // The header, read here without the loader: RIFF/WAVE, first chunk "fmt " with tag 7, 1 channel, 8000 Hz, 8 bits.
            Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
            Assert.Equal("WAVE", Encoding.ASCII.GetString(wav, 8, 4));
            Assert.Equal("fmt ", Encoding.ASCII.GetString(wav, 12, 4));
            Assert.Equal(7, BitConverter.ToUInt16(wav, 20));
            Assert.Equal(1, BitConverter.ToUInt16(wav, 22));
            Assert.Equal(8000, BitConverter.ToInt32(wav, 24));
            Assert.Equal(8, BitConverter.ToUInt16(wav, 34));

            PromptAudio audio = PromptAudio.FromWav(wav);
            var linear = new short[audio.SampleCount];
            audio.ReadLinear(0, linear, 0, linear.Length);
            if (id == PromptId.GroupPause)
            {
                // Issue #13 item 9: the pause at a hyphen is digital silence of its set length.
                Assert.Equal(PromptCatalogue.GroupPauseMs, audio.DurationMs);
                Assert.All(linear, s => Assert.Equal(0, s));
                return;
            }
            double level = ActiveSpeechLevel.Dbm0(linear, out double activity);
            _output.WriteLine($"{PromptCatalogue.FileName(id)}: {audio.DurationMs} ms, active level {level:F2} dBm0, activity {activity:P0}");

            Assert.InRange(audio.DurationMs, 300, 20000);
            Assert.InRange(level, GuidanceDbm0 - 1.5, GuidanceDbm0 + 1.5);
        }

        /// <summary>
        /// Issue #13 item 9: 2 and 5 are read 「にー」「ごー」, two morae like every other digit word
        /// (ぜろ, いち, さん …), so a number is read in an even rhythm. As rendered 「に」 and 「ご」
        /// were the two shortest words (350 and 285 ms of speech against 385-535 ms).
        /// </summary>
        [Fact]
        public void TwoAndFiveAreReadWithLongVowelsAsLongAsTheOtherDigitWords()
        {
            var speechMs = new int[10];
            for (int d = 0; d <= 9; d++)
            {
                speechMs[d] = SpeechMs(PromptCatalogue.DigitPrompt(d));
                _output.WriteLine($"{d} 「{PromptCatalogue.Reading(PromptCatalogue.DigitPrompt(d))}」: {speechMs[d]} ms of speech");
            }
            int shortestOther = new[] { 0, 1, 3, 4, 6, 7, 8, 9 }.Min(d => speechMs[d]);
            Assert.True(speechMs[2] >= shortestOther, $"2 has {speechMs[2]} ms of speech, the shortest other digit {shortestOther} ms");
            Assert.True(speechMs[5] >= shortestOther, $"5 has {speechMs[5]} ms of speech, the shortest other digit {shortestOther} ms");
        }

        // From the first to the last 5 ms frame above -50 dBm0 (the renderer's speech frames, 35 dB under the guidance level).
        private static int SpeechMs(PromptId id)
        {
            PromptAudio audio = PromptAudio.FromWav(ReadPrompt(id));
            var linear = new short[audio.SampleCount];
            audio.ReadLinear(0, linear, 0, linear.Length);
            const int frame = 40;
            double threshold = ActiveSpeechLevel.ZeroDbm0MeanSquare * Math.Pow(10, -50 / 10.0) * frame;
            int first = -1, last = -1;
            for (int f = 0; f + frame <= linear.Length; f += frame)
            {
                double energy = 0;
                for (int i = f; i < f + frame; i++) { energy += (double)linear[i] * linear[i]; }
                if (energy > threshold)
                {
                    if (first < 0) { first = f; }
                    last = f + frame;
                }
            }
            return first < 0 ? 0 : (last - first) / 8;
        }

        [Fact]
        public void CatalogueTableListsEveryPromptWithItsFileDurationAndText()
        {
            var rows = ReadTable("catalogue.tsv", "id\tname\tfile\tduration_ms\ttext");
            Assert.Equal(PromptCatalogue.Count, rows.Count);
            for (int i = 0; i < PromptCatalogue.Count; i++)
            {
                PromptId id = PromptCatalogue.At(i);
                string[] row = rows[i];
                Assert.Equal(((int)id).ToString(), row[0]);
                Assert.Equal(PromptCatalogue.Name(id), row[1]);
                Assert.Equal(PromptCatalogue.FileName(id), row[2]);
                Assert.Equal(PromptAudio.FromWav(ReadPrompt(id)).DurationMs.ToString(), row[3]);
                Assert.True(PromptCatalogue.Text(id) == row[4], $"{id}: catalogue.tsv has 「{row[4]}」, the catalogue 「{PromptCatalogue.Text(id)}」: {Rerender}");
            }
        }

        [Fact]
        public void AudioWasRenderedFromTheCataloguesReadings()
        {
            var rows = ReadTable("readings.tsv", "id\tname\treading");
            Assert.Equal(PromptCatalogue.Count, rows.Count);
            for (int i = 0; i < PromptCatalogue.Count; i++)
            {
                PromptId id = PromptCatalogue.At(i);
                Assert.Equal(((int)id).ToString(), rows[i][0]);
                Assert.True(PromptCatalogue.Reading(id) == rows[i][2],
                    $"{id}: rendered from 「{rows[i][2]}」, the catalogue now reads 「{PromptCatalogue.Reading(id)}」: {Rerender}");
            }
        }

        // The meter itself, on G.711's digital milliwatt (table 5: 1 kHz, 0 dBm0) and on a
        // -15 dBm0 sine: P.56 reads a steady tone at its power level.
        [Fact]
        public void MeterReadsSteadyTonesAtTheirLevel()
        {
            byte[] milliwatt = { 0x1E, 0x0B, 0x0B, 0x1E, 0x9E, 0x8B, 0x8B, 0x9E };
            var tone = new short[16000];
            for (int i = 0; i < tone.Length; i++) { tone[i] = G711.MuLawToLinear(milliwatt[i % 8]); }
            Assert.InRange(ActiveSpeechLevel.Dbm0(tone, out double activity), -0.05, 0.05);
            Assert.InRange(activity, 0.98, 1.0); // the 30 ms envelope takes ~25 ms to rise

            double peak = ToneLevel.ZeroDbm0AmplitudeQ16 / 65536.0 * Math.Pow(10, -15.0 / 20);
            var quiet = new short[24000];
            for (int i = 8000; i < 16000; i++) { quiet[i] = (short)Math.Round(peak * Math.Sin(2 * Math.PI * 1000 * i / 8000.0 + 0.3)); }
            double level = ActiveSpeechLevel.Dbm0(quiet, out activity);
            _output.WriteLine($"1 s of -15 dBm0 between 1 s silences: {level:F2} dBm0, activity {activity:P1}");
            // Silence around the tone does not count, except the envelope's decay and the 200 ms
            // hangover after it: about 0.28 s, so -10·log10(1.28) = -1.1 dB.
            Assert.InRange(level, -16.3, -15.8);
            Assert.InRange(activity * 3, 1.2, 1.35);
        }

        private static List<string[]> ReadTable(string file, string header)
        {
            string path = Path.Combine(PromptDir, file);
            Assert.True(File.Exists(path), $"{path} missing: {Rerender}");
            string[] lines = File.ReadAllText(path, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(header, lines[0]);
            return lines.Skip(1).Select(l => l.Split('\t')).ToList();
        }
    }
}
