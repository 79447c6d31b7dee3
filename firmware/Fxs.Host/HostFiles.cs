using System;
using System.IO;
using Fxs.Host.Prompts;

namespace Fxs.Host;

/// <summary>
/// Where the host finds its files by default: beside the running program (AppContext.BaseDirectory), on a
/// gateway and on a bench alike. The build copies the repository's boards/ and prompts/ja/ there (the CLI's
/// and the host layer's project files), an artefact carries them, and an explicit path always wins.
/// </summary>
public static class HostFiles
{
    /// <summary>boards/ beside the program: `--board NAME` is NAME.json there, and its error lists the names found.</summary>
    public static string BoardsDirectory() => Path.Combine(AppContext.BaseDirectory, "boards");

    /// <summary>prompts/ja/ beside the program (<see cref="PromptDirectory.DefaultDirectory"/>).</summary>
    public static string PromptsDirectory() => PromptDirectory.DefaultDirectory();
}
