using System;
using System.IO;

namespace Fxs.Boards.Tests
{
    /// <summary>Where the test's copies of the committed board files and the malformed fixtures are.</summary>
    internal static class TestPaths
    {
        /// <summary>boards/*.json as committed, copied next to the test assembly.</summary>
        internal static string Boards => Path.Combine(AppContext.BaseDirectory, "boards");

        /// <summary>A committed board file.</summary>
        internal static string Board(string name) => Path.Combine(Boards, name + ".json");

        /// <summary>A broken board file (tests/Fxs.Boards.Tests/malformed).</summary>
        internal static string Malformed(string name) => Path.Combine(AppContext.BaseDirectory, "malformed", name + ".json");
    }
}
