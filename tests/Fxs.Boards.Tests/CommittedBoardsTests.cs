using System;
using System.Reflection;
using Fxs.Hal;

namespace Fxs.Boards.Tests
{
    /// <summary>The board files in boards/ load, and say what their README says they say.</summary>
    public sealed class CommittedBoardsTests
    {
        [Fact]
        public void TheBoardsDirectoryHoldsExactlyTheCommittedBoards()
        {
            Assert.Equal(new[] { "external-slic-daemon", "linux-gpio-generic", "nanoframework-esp32", "raspberry-pi-ag1171", "raspberry-pi-ag1171-mcp23017", "sim" },
                BoardFile.BoardNames(TestPaths.Boards));
        }

        [Theory]
        [InlineData("sim", BoardKind.Sim)]
        [InlineData("raspberry-pi-ag1171", BoardKind.LinuxGpio)]
        [InlineData("linux-gpio-generic", BoardKind.LinuxGpio)]
        [InlineData("raspberry-pi-ag1171-mcp23017", BoardKind.LinuxGpio)]
        [InlineData("nanoframework-esp32", BoardKind.NanoFramework)]
        [InlineData("external-slic-daemon", BoardKind.External)]
        public void EachBoardLoadsWithItsNameAndKind(string name, BoardKind kind)
        {
            BoardDefinition board = BoardFile.Load(TestPaths.Board(name));

            Assert.Equal(name, board.Name);
            Assert.Equal(kind, board.Kind);
            Assert.Equal(TestPaths.Board(name), board.SourcePath);
            Assert.False(string.IsNullOrWhiteSpace(board.Description));
            Assert.InRange(board.EchoDelayFrames, 1, 4);
            Assert.Equal(kind == BoardKind.Sim, board.Sim is not null);
            Assert.Equal(kind == BoardKind.LinuxGpio, board.Gpio is not null);
            Assert.Equal(kind == BoardKind.LinuxGpio, board.Audio is not null);
            Assert.Equal(kind == BoardKind.NanoFramework, board.NanoFramework is not null);
            Assert.Equal(kind == BoardKind.LinuxGpio || kind == BoardKind.NanoFramework, board.Ringing is not null);
            Assert.Equal(kind == BoardKind.External, board.External is not null);
        }

        [Fact]
        public void TheSimBoardIsTheDemoLine()
        {
            BoardDefinition sim = BoardFile.Load(TestPaths.Board("sim"));

            Assert.Equal(new[] { "linux-x64", "linux-arm64" }, sim.Runtimes);
            Assert.Equal(1, sim.EchoDelayFrames);
            Assert.Equal(6, sim.Sim!.EchoReturnLossDb);
            Assert.Equal(60, sim.Sim.EchoReturnLossDeciDb);   // SimBoardOptions' default
            Assert.Equal(-700, sim.Sim.NoiseDeciDbm0);        // SimBoardOptions' default
            Assert.Equal(CodecEncoding.MuLaw, sim.Sim.Format);
            Assert.Equal(1UL, sim.Sim.Seed);
        }

        [Fact]
        public void TheRaspberryPiBoardWiresTheAg1171OnGpiochip0()
        {
            BoardDefinition pi = BoardFile.Load(TestPaths.Board("raspberry-pi-ag1171"));

            Assert.Equal(new[] { "linux-arm64" }, pi.Runtimes);
            GpioSection gpio = pi.Gpio!;
            Assert.Equal(GpioDriverKind.LibgpiodV2, gpio.Driver);
            Assert.Equal(0, gpio.Chip);
            Assert.Equal(17, gpio.Shk.Line);
            Assert.False(gpio.Shk.ActiveLow);           // SHK high = off hook
            Assert.Equal(GpioBias.None, gpio.Shk.Bias);
            Assert.True(gpio.Shk.IsInput);
            Assert.Equal(27, gpio.Rm.Line);
            Assert.False(gpio.Rm.ActiveLow);            // RM high = ring mode
            Assert.Null(gpio.Rm.Bias);
            Assert.Equal(22, gpio.Fr.Line);
            Assert.True(gpio.Fr.ActiveLow);             // F/R low = reverse
            Assert.Null(gpio.Pd);                       // PD left open
            Assert.Equal("plughw:CARD=Device,DEV=0", pi.Audio!.Capture);
            Assert.Equal(CodecEncoding.Linear16, pi.Audio.Format);
            Assert.Equal(1, pi.Audio.PeriodFrames);
            Assert.Equal(4, pi.Audio.BufferPeriods);
            Assert.Equal(16, pi.Ringing!.FrequencyHz);
        }

        [Fact]
        public void TheMcp23017BoardPutsTheAg1171LinesOnTheExpanderWithItsInterrupt()
        {
            BoardDefinition pi = BoardFile.Load(TestPaths.Board("raspberry-pi-ag1171-mcp23017"));

            GpioSection gpio = pi.Gpio!;
            ExpanderSection x = gpio.Expander!;
            Assert.Equal(ExpanderChip.Mcp23017, x.Chip);
            Assert.Equal(1, x.I2cBus);
            Assert.Equal(0x20, x.Address);
            Assert.Equal(4, x.InterruptLine);           // INTA on BCM GPIO4
            Assert.Equal(16, x.PinCount);
            Assert.True(gpio.Shk.OnExpander);
            Assert.Equal(0, gpio.Shk.Line);             // GPA0
            Assert.Equal(GpioBias.None, gpio.Shk.Bias);
            Assert.True(gpio.Rm.OnExpander);
            Assert.Equal(1, gpio.Rm.Line);
            Assert.True(gpio.Fr.OnExpander);
            Assert.Equal(2, gpio.Fr.Line);
            Assert.True(gpio.Fr.ActiveLow);
            Assert.Null(gpio.Pd);
            Assert.False(BoardFile.Load(TestPaths.Board("raspberry-pi-ag1171")).Gpio!.Shk.OnExpander);
        }

        [Fact]
        public void TheExternalBoardNamesTheDaemonsSocket()
        {
            BoardDefinition board = BoardFile.Load(TestPaths.Board("external-slic-daemon"));

            Assert.Equal("/run/fxs-slic/fxs.sock", board.External!.Socket);
            Assert.Equal(new[] { "linux-arm64", "linux-x64" }, board.Runtimes);
            Assert.Equal(2, board.EchoDelayFrames);
        }

        [Fact]
        public void TheGenericBoardNamesEveryPinAndBothRuntimes()
        {
            BoardDefinition generic = BoardFile.Load(TestPaths.Board("linux-gpio-generic"));

            Assert.Equal(new[] { "linux-arm64", "linux-x64" }, generic.Runtimes);
            Assert.NotNull(generic.Gpio!.Pd);
            Assert.Equal(CodecEncoding.MuLaw, generic.Audio!.Format);
        }

        [Fact]
        public void TheNanoFrameworkBoardIsACompileCheckWithoutRuntimes()
        {
            BoardDefinition nano = BoardFile.Load(TestPaths.Board("nanoframework-esp32"));

            Assert.Empty(nano.Runtimes);
            Assert.Equal("ESP32_REV3", nano.NanoFramework!.Target);
            Assert.Contains("Compile check only", nano.NanoFramework.Build, StringComparison.Ordinal);
            Assert.Contains("nanoFramework.CoreLibrary 1.17.11", nano.NanoFramework.Build, StringComparison.Ordinal);
        }

        [Fact]
        public void RuntimesCannotBeChangedThroughTheReturnedArray()
        {
            BoardDefinition pi = BoardFile.Load(TestPaths.Board("raspberry-pi-ag1171"));

            pi.Runtimes[0] = "linux-x64";

            Assert.Equal("linux-arm64", pi.Runtimes[0]);
        }

        [Fact]
        public void TheLoaderIsMarkedTrimmableSoTheTrimAnalyzersRanOnIt()
        {
            Assembly boards = typeof(BoardFile).Assembly;
            bool trimmable = false;
            foreach (AssemblyMetadataAttribute a in boards.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (a.Key == "IsTrimmable" && a.Value == "True") { trimmable = true; }
            }
            Assert.True(trimmable);
        }
    }
}
