namespace Fxs.Boards.Tests
{
    /// <summary>
    /// Each file in malformed/ has one fault; loading it must fail with one line naming the file,
    /// the field, what was expected and what was found.
    /// </summary>
    public sealed class MalformedBoardTests
    {
        private const string GpioDrivers = "\"libgpiod-v2\" | \"libgpiod-v1\" | \"sysfs\" | \"raspberry-pi\" | \"auto\"";
        private const string RootFields = "name, description, kind, runtimes, echoDelayFrames, sim, gpio, audio, ringing, nanoframework, external";

        [Theory]
        [InlineData("shk-line-not-integer", "gpio.shk.line: expected an integer GPIO line 0-1023, found \"2x\"")]
        [InlineData("shk-line-out-of-range", "gpio.shk.line: expected an integer GPIO line 0-1023, found 1024")]
        [InlineData("shk-line-fraction", "gpio.shk.line: expected an integer GPIO line 0-1023, found 17.0")]
        [InlineData("active-low-typo", "gpio.shk.activeLo: expected one of the fields line, activeLow, bias, onExpander, found unknown field \"activeLo\" (did you mean \"activeLow\"?)")]
        [InlineData("active-low-string", "gpio.shk.activeLow: expected true or false (written out: a guess would invert the signal), found \"yes\"")]
        [InlineData("active-low-missing", "gpio.rm.activeLow: expected true or false (written out: a guess would invert the signal), found nothing (the field is missing)")]
        [InlineData("duplicate-line", "gpio.rm.line: expected a GPIO line no other field uses, found 17, already used by gpio.shk.line")]
        [InlineData("unknown-driver", "gpio.driver: expected a GPIO driver: " + GpioDrivers + ", found \"libgpiod2\" (did you mean \"libgpiod-v2\"?)")]
        [InlineData("name-mismatch", "name: expected \"name-mismatch\" (the file's name without .json), found \"raspberry-pi\"")]
        [InlineData("echo-delay-out-of-range", "echoDelayFrames: expected an echo delay in 10 ms frames 1-4, found 5")]
        [InlineData("unknown-runtime", "runtimes[0]: expected a .NET runtime identifier: \"linux-arm64\" | \"linux-x64\", found \"linux-arm\" (did you mean \"linux-arm64\"?)")]
        [InlineData("no-runtimes", "runtimes: expected at least one .NET runtime identifier: \"linux-arm64\" | \"linux-x64\", found an empty array")]
        [InlineData("ringing-out-of-range", "ringing.frequencyHz: expected a ringing frequency in Hz (Japan) 15-20, found 25")]
        [InlineData("bias-on-output", "gpio.fr.bias: expected no bias on an output line (bias is for inputs: shk), found a bias")]
        [InlineData("section-typo", "gpoi: expected one of the fields " + RootFields + ", found unknown field \"gpoi\" (did you mean \"gpio\"?)")]
        [InlineData("sim-section-on-linux-gpio", "sim: expected no \"sim\" section on a linux-gpio board (it takes: gpio, audio, ringing), found a \"sim\" section")]
        [InlineData("section-on-wrong-kind", "gpio: expected no \"gpio\" section on a sim board (it takes: sim), found a \"gpio\" section")]
        [InlineData("missing-audio", "audio: expected an audio object {\"capture\", \"playback\", \"format\", \"periodFrames\", \"bufferPeriods\"}, found nothing (the field is missing)")]
        [InlineData("nano-with-runtimes", "runtimes: expected no runtimes on a nanoframework board (it is built as a compile check, not published), found \"linux-arm64\"")]
        [InlineData("nano-with-pins", "nanoframework.shk: expected one of the fields target, build, found unknown field \"shk\"")]
        [InlineData("unknown-kind", "kind: expected a board kind: \"sim\" | \"linux-gpio\" | \"nanoframework\" | \"external\", found \"linux\"")]
        [InlineData("expander-pin-out-of-range", "gpio.shk.line: expected an expander pin 0-15, found 16")]
        [InlineData("expander-missing", "gpio.rm.onExpander: expected a gpio.expander section for a line on an expander, found true without one")]
        [InlineData("expander-pull-down", "gpio.shk.bias: expected pull-up or none (the expander has pull-ups only), found \"pull-down\"")]
        [InlineData("expander-address-hex", "gpio.expander.address: expected the chip's 7-bit I2C address, decimal (0x20-0x27 is 32-39), found \"0x20\"")]
        [InlineData("expander-duplicate-pin", "gpio.fr.line: expected an expander pin no other field uses, found 0, already used by gpio.shk.line")]
        [InlineData("expander-interrupt-native-shk", "gpio.expander.interruptLine: expected no interrupt line while SHK is on the gpiochip (it serves SHK on the expander), found a line")]
        [InlineData("external-relative-socket", "external.socket: expected the absolute path of the vendor daemon's Unix socket, e.g. \"/run/fxs-slic/fxs.sock\" of at most 107 bytes, found \"fxs.sock\"")]
        [InlineData("external-with-gpio", "gpio: expected no \"gpio\" section on an external board (it takes: external), found a \"gpio\" section")]
        [InlineData("sim-noise-too-loud", "sim.noiseDbm0: expected a noise level in dBm0 -100-0 or \"off\", found 3")]
        public void AFaultyFileIsRefusedWithOneLineNamingTheField(string file, string expected)
        {
            string path = TestPaths.Malformed(file);

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.Equal(path + ": " + expected, e.Message);
            Assert.Equal(path, e.File);
            Assert.DoesNotContain('\n', e.Message);
        }

        [Fact]
        public void TheErrorCarriesFieldExpectedAndFoundSeparately()
        {
            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(TestPaths.Malformed("shk-line-not-integer")));

            Assert.Equal("gpio.shk.line", e.Field);
            Assert.Equal("an integer GPIO line 0-1023", e.Expected);
            Assert.Equal("\"2x\"", e.Found);
        }

        [Fact]
        public void InvalidJsonIsReportedWithItsLineAndColumn()
        {
            string path = TestPaths.Malformed("missing-comma");

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            // "periodFrames": 1 on line 19 has no comma; the parser stops at the next field, line 20, column 5.
            Assert.Equal("line 20, column 5", e.Field);
            Assert.Equal("JSON (// comments and trailing commas allowed)", e.Expected);
            Assert.StartsWith("invalid JSON: ", e.Found, System.StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", e.Message, System.StringComparison.Ordinal);
            Assert.IsType<System.Text.Json.JsonException>(e.InnerException, exactMatch: false);
        }

        [Fact]
        public void ARootThatIsNotAnObjectIsRefusedWithoutAField()
        {
            string path = TestPaths.Malformed("not-an-object");

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.Equal(string.Empty, e.Field);
            Assert.Equal(path + ": expected a board object { \"name\", \"kind\", ... }, found an array", e.Message);
        }

        [Fact]
        public void AMissingFileIsRefusedWithItsPath()
        {
            string path = TestPaths.Malformed("no-such-board");

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.Equal(path + ": expected a readable board file, found no such file", e.Message);
            Assert.IsType<System.IO.FileNotFoundException>(e.InnerException);
        }

        [Fact]
        public void AMissingDirectoryIsRefusedWithItsPath()
        {
            string path = System.IO.Path.Combine(TestPaths.Boards, "no-such-dir", "sim.json");

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.Equal(path + ": expected a readable board file, found no such file", e.Message);
        }

        [Fact]
        public void ADirectoryInPlaceOfAFileIsRefusedAsUnreadable()
        {
            string path = TestPaths.Boards; // a directory

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.StartsWith(path + ": expected a readable board file, found it unreadable: ", e.Message, System.StringComparison.Ordinal);
        }
    }
}
