using System;
using Fxs.Boards;
using Fxs.Hal.Linux;
using Fxs.Hal.Linux.External;
using Microsoft.Extensions.Logging;

namespace Fxs.Host.Hardware;

/// <summary>An external board file to its daemon session; a daemon that is not there is one line and exit 7.</summary>
internal static class ExternalHardware
{
    public static ILineHardware Open(BoardDefinition board, ILoggerFactory logs)
    {
        string socket = board.External!.Socket;
        try
        {
            ExternalSlic slic = ExternalSlic.Connect(socket, TimeProvider.System, logs.CreateLogger("fxs.board"));
            return new ExternalLineHardware(slic, board.Name + ": vendor SLIC daemon on " + socket + " (external protocol "
                + ExternalProtocol.Version + ", 16-bit linear frames)", board.EchoDelayFrames);
        }
        catch (BoardPartException e)
        {
            throw new HardwareUnavailableException(e.Message, e);
        }
    }
}
