using System;
using Fxs.Boards;
using Fxs.Hal.Linux;
using Fxs.Hal.Linux.External;
using Microsoft.Extensions.Logging;

namespace Fxs.Host.Hardware;

/// <summary>An external board file to its daemon session; a daemon that is not there is one line and exit 7.</summary>
public static class ExternalHardware
{
    internal static ILineHardware Open(BoardDefinition board, ILoggerFactory logs) =>
        new ExternalLineHardware(Connect(board, logs.CreateLogger("fxs.board")), Describe(board), board.EchoDelayFrames);

    /// <summary>The session with the board's vendor daemon (`fxs run`, `fxs selftest --board`); not there: <see cref="HardwareUnavailableException"/>.</summary>
    public static ExternalSlic Connect(BoardDefinition board, ILogger? log)
    {
        try
        {
            return ExternalSlic.Connect(board.External!.Socket, TimeProvider.System, log);
        }
        catch (BoardPartException e)
        {
            throw new HardwareUnavailableException(e.Message, e);
        }
    }

    /// <summary>One line: the board, its daemon's socket and the protocol.</summary>
    public static string Describe(BoardDefinition board) =>
        board.Name + ": vendor SLIC daemon on " + board.External!.Socket + " (external protocol " + ExternalProtocol.Version + ", 16-bit linear frames)";
}
