using System;
using System.IO;

namespace Fxs.Tests;

/// <summary>The checkout the tests run from: the folder above the test's output that holds Fxs.slnx. Linked into the test projects that read the tree.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Fxs.slnx"))) { return d.FullName; }
        }
        throw new InvalidOperationException("no Fxs.slnx above " + AppContext.BaseDirectory);
    }
}
