using System;

namespace Fxs.Cli.Audio;

// An input file fxs will not read. The message is the single line printed to stderr, already naming the file.
public sealed class InputRejectedException : Exception
{
    public InputRejectedException(string message) : base(message) { }
}
