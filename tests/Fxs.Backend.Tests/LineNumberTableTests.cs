using Fxs.Backend.Provisioning;

namespace Fxs.Backend.Tests;

// Issue #14 item 2: the backend accepts and refuses the same line numbers as the gateway's core
// (firmware/Fxs.Core/Line/LineNumbers.cs), row by row of the one table both test projects read.
public sealed class LineNumberTableTests
{
    public static TheoryData<string, string> Table()
    {
        var rows = new TheoryData<string, string>();
        foreach (string row in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "line-numbers.tsv")))
        {
            if (row.Length == 0 || row[0] == '#') { continue; }
            string[] cells = row.Split('\t');
            rows.Add(cells[0], cells[1]);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void TP3_TheSharedTableOfNumbers(string number, string verdict)
    {
        Assert.Equal(verdict == "ok", PhoneNumber.IsValid(number));
    }
}
