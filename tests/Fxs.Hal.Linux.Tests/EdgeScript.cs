using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Fxs.Hal.Linux.Tests;

/// <summary>An SHK edge file from TestData/: one `&lt;µs&gt; rise|fall` per line, `#` comments (see make_edges.py).</summary>
internal static class EdgeScript
{
    public static List<(long Micros, bool High)> Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", name);
        var edges = new List<(long, bool)>();
        long last = -1;
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') { continue; }
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) { throw new FormatException($"{name}:{lineNumber}: want '<µs> rise|fall'"); }
            long us = long.Parse(parts[0], CultureInfo.InvariantCulture);
            if (us < last) { throw new FormatException($"{name}:{lineNumber}: time goes backwards"); }
            bool high = parts[1] switch
            {
                "rise" => true,
                "fall" => false,
                _ => throw new FormatException($"{name}:{lineNumber}: '{parts[1]}' is not rise|fall"),
            };
            edges.Add((us, high));
            last = us;
        }
        return edges;
    }
}
