using System;
using System.IO;

namespace Fxs.Boards.Tests
{
    /// <summary>Faults typed into the real Raspberry Pi file, and the defaults a minimal file gets.</summary>
    public sealed class ParseTests
    {
        private const string PiFile = "boards/raspberry-pi-ag1171.json";

        private static string PiJson() => File.ReadAllText(TestPaths.Board("raspberry-pi-ag1171"));

        private static BoardFileException ParseFails(string json, string sourcePath = PiFile) =>
            Assert.Throws<BoardFileException>(() => BoardFile.Parse(json, sourcePath));

        private static string Replace(string json, string from, string to)
        {
            Assert.Contains(from, json, StringComparison.Ordinal); // the mutation must hit the real file
            return json.Replace(from, to, StringComparison.Ordinal);
        }

        [Fact]
        public void ATypoInALineNumberGivesTheDocumentedMessage()
        {
            string json = Replace(PiJson(), "\"line\": 17", "\"line\": \"2x\"");

            Assert.Equal("boards/raspberry-pi-ag1171.json: gpio.shk.line: expected an integer GPIO line 0-1023, found \"2x\"",
                ParseFails(json).Message);
        }

        [Fact]
        public void ACapitalisedPolarityFieldIsATypoNotAPolarity()
        {
            string json = Replace(PiJson(), "\"rm\": { \"line\": 27, \"activeLow\": false }", "\"rm\": { \"line\": 27, \"ActiveLow\": false }");

            var e = ParseFails(json);

            Assert.Equal("gpio.rm.ActiveLow", e.Field);
            Assert.EndsWith("(did you mean \"activeLow\"?)", e.Found, StringComparison.Ordinal);
        }

        [Fact]
        public void AnUnknownFormatListsTheAllowedOnes()
        {
            string json = Replace(PiJson(), "\"format\": \"s16le\"", "\"format\": \"pcm\"");

            var e = ParseFails(json);

            Assert.Equal("audio.format", e.Field);
            Assert.Equal("a sample format: \"s16le\" | \"mu-law\" | \"a-law\"", e.Expected);
            Assert.Equal("\"pcm\"", e.Found); // more than 2 edits from every format: no suggestion
        }

        [Fact]
        public void CommentsAndTrailingCommasParse()
        {
            // The one policy of every configuration file (docs/configuration.md): a // comment and a trailing comma are fine.
            string json = Replace(PiJson(), "\"bufferPeriods\": 4", "\"bufferPeriods\": 4, // the last field keeps its comma");

            Assert.Equal(4, BoardFile.Parse(json, PiFile).Audio!.BufferPeriods);
        }

        [Fact]
        public void TheNameMustBeTheFileName()
        {
            var e = ParseFails(PiJson(), "boards/raspberry-pi.json");

            Assert.Equal("boards/raspberry-pi.json: name: expected \"raspberry-pi\" (the file's name without .json), found \"raspberry-pi-ag1171\"", e.Message);
        }

        [Fact]
        public void AnArtefactsBoardJsonKeepsItsBoardsName()
        {
            BoardDefinition board = BoardFile.Parse(PiJson(), "/opt/fxs/board.json");

            Assert.Equal("raspberry-pi-ag1171", board.Name);
        }

        [Fact]
        public void ANameOutsideLowercaseAndHyphensIsRefused()
        {
            var e = ParseFails("{ \"name\": \"Sim\", \"description\": \"x\", \"kind\": \"sim\" }", "Sim.json");

            Assert.Equal("name", e.Field);
            Assert.Equal("\"Sim\"", e.Found);
        }

        [Fact]
        public void AFieldWrittenTwiceIsRefused()
        {
            string json = Replace(PiJson(), "\"chip\": 0,", "\"chip\": 0, \"chip\": 1,");

            var e = ParseFails(json);

            Assert.Equal("gpio.chip", e.Field);
            Assert.Equal("each field once", e.Expected);
        }

        [Fact]
        public void TheRingingFrequencyIsReadAndDefaultsTo16HzWhenTheSectionIsAbsent()
        {
            string json = Replace(PiJson(), "\"frequencyHz\": 16", "\"frequencyHz\": 19");
            Assert.Equal(19, BoardFile.Parse(json, PiFile).Ringing!.FrequencyHz);

            // Cut from the comma before the top-level "ringing" to the end: the file without the section.
            int ringing = json.IndexOf("\"ringing\": {", StringComparison.Ordinal);
            string noRinging = json.Substring(0, json.LastIndexOf(',', ringing)) + "\n}\n";
            Assert.DoesNotContain("frequencyHz", noRinging, StringComparison.Ordinal);
            Assert.Equal(16, BoardFile.Parse(noRinging, PiFile).Ringing!.FrequencyHz);
        }

        [Fact]
        public void AMinimalSimBoardGetsTheSimDefaults()
        {
            BoardDefinition sim = BoardFile.Parse(
                "{ \"name\": \"sim\", \"description\": \"x\", \"kind\": \"sim\", \"runtimes\": [\"linux-x64\"] }", "sim.json");

            Assert.Equal(1, sim.EchoDelayFrames);
            Assert.Equal(6, sim.Sim!.EchoReturnLossDb);
            Assert.Equal(-70, sim.Sim.NoiseDbm0);
            Assert.Null(sim.Ringing);
        }

        [Fact]
        public void OffTurnsTheSimEchoAndNoiseOff()
        {
            BoardDefinition sim = BoardFile.Parse(
                "{ \"name\": \"quiet\", \"description\": \"x\", \"kind\": \"sim\", \"runtimes\": [\"linux-x64\"], " +
                "\"sim\": { \"echoReturnLossDb\": \"off\", \"noiseDbm0\": \"off\", \"format\": \"a-law\", \"seed\": 7 } }", "quiet.json");

            Assert.Equal(1000, sim.Sim!.EchoReturnLossDeciDb);  // SimBoardOptions: ≥ 1000 = no echo
            Assert.Equal(-1000, sim.Sim.NoiseDeciDbm0);         // SimBoardOptions: ≤ −1000 = no noise
            Assert.Equal(Fxs.Hal.CodecEncoding.ALaw, sim.Sim.Format);
            Assert.Equal(7UL, sim.Sim.Seed);
        }

        [Fact]
        public void ALinuxGpioBoardMustStateItsEchoDelay()
        {
            int at = PiJson().IndexOf("\"echoDelayFrames\": 2,", StringComparison.Ordinal);
            string json = Replace(PiJson(), "\"echoDelayFrames\": 2,", string.Empty);

            var e = ParseFails(json);

            Assert.True(at > 0);
            Assert.Equal("echoDelayFrames", e.Field);
            Assert.Equal("nothing (the field is missing)", e.Found);
        }
    }
}
