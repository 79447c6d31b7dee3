using System.IO;

namespace Fxs.Boards.Tests
{
    /// <summary>How <c>--board NAME|PATH</c> finds its file.</summary>
    public sealed class ResolveTests
    {
        [Fact]
        public void ABoardNameIsItsFileInTheBoardsDirectory()
        {
            Assert.Equal(Path.Combine(TestPaths.Boards, "sim.json"), BoardFile.Resolve("sim", TestPaths.Boards));
            Assert.Equal("raspberry-pi-ag1171", BoardFile.Load(BoardFile.Resolve("raspberry-pi-ag1171", TestPaths.Boards)).Name);
        }

        [Theory]
        [InlineData("my-board.json")]
        [InlineData("./my-board")]
        [InlineData("/etc/fxs/board.json")]
        [InlineData("boards\\sim.json")]
        public void APathIsTakenAsItIs(string path)
        {
            Assert.Equal(path, BoardFile.Resolve(path, TestPaths.Boards));
        }

        [Fact]
        public void AnUnknownNameListsTheBoardsWithASuggestion()
        {
            var e = Assert.Throws<BoardFileException>(() => BoardFile.Resolve("raspberry-pi-ag1170", TestPaths.Boards));

            Assert.Equal(Path.Combine(TestPaths.Boards, "raspberry-pi-ag1170.json"), e.File);
            Assert.Equal("a board name: one of external-slic-daemon, linux-gpio-generic, nanoframework-esp32, raspberry-pi-ag1171, raspberry-pi-ag1171-mcp23017, sim", e.Expected);
            Assert.Equal("\"raspberry-pi-ag1170\" (did you mean \"raspberry-pi-ag1171\"?)", e.Found);
        }

        [Fact]
        public void AnUnknownNameFarFromAnyBoardHasNoSuggestion()
        {
            var e = Assert.Throws<BoardFileException>(() => BoardFile.Resolve("beaglebone", TestPaths.Boards));

            Assert.Equal("\"beaglebone\"", e.Found);
        }

        [Fact]
        public void AMissingBoardsDirectorySaysItHasNoBoards()
        {
            string dir = Path.Combine(TestPaths.Boards, "nowhere");

            var e = Assert.Throws<BoardFileException>(() => BoardFile.Resolve("sim", dir));

            Assert.Equal("a board name, but " + dir + " has no board files", e.Expected);
        }
    }
}
