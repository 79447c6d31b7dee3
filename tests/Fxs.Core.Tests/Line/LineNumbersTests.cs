using System;
using System.Collections.Generic;
using System.IO;
using Fxs.Core.Line;

namespace Fxs.Core.Tests.Line
{
    /// <summary>
    /// TP-3: the one rule for a line's numbers, run on the table the backend's validation also runs
    /// (tests/shared/line-numbers.tsv): the core's words, exactly.
    /// </summary>
    public class LineNumbersTests
    {
        /// <summary>Each row of the shared table: the number and "ok" or the core's words.</summary>
        public static IEnumerable<object[]> Table()
        {
            foreach (string row in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "line-numbers.tsv")))
            {
                if (row.Length == 0 || row[0] == '#') { continue; }
                string[] cells = row.Split('\t');
                yield return new object[] { cells[0], cells[1] };
            }
        }

        [Theory]
        [MemberData(nameof(Table))]
        public void TP3_TheSharedTableOfNumbers(string number, string verdict)
        {
            Assert.Equal(verdict == "ok" ? null : verdict, LineNumbers.NumberFault(number));
        }

        [Fact]
        public void TP3_AnEmptyNumberIsRefused()
        {
            Assert.Equal("is empty", LineNumbers.NumberFault(""));
        }
    }
}
