using System;
using System.IO;
using System.Net.Sockets;

namespace Fxs.FakeSlicDaemon;

/// <summary>
/// <c>Fxs.FakeSlicDaemon SOCKET</c>: listens on SOCKET, takes one fxs connection, agrees protocol
/// version 1, then runs one temporary-password call on the model phone — off hook, the access
/// number, the menu key, the password twice, each after the IVR's guidance has ended as heard in the
/// frames fxs plays back — hangs up and exits 0, printing what it heard. Exit 1 on a protocol fault.
/// <c>Fxs.FakeSlicDaemon SOCKET --idle</c>: the phone stays on hook until fxs closes the connection (the end-of-line
/// test, `fxs selftest --board`), then exits 0.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool idle = args.Length == 2 && args[1] == "--idle";
        if (args.Length != 1 && !idle) { Console.Error.WriteLine("usage: Fxs.FakeSlicDaemon SOCKET [--idle]"); return 2; }
        string path = args[0];
        if (File.Exists(path)) { File.Delete(path); }
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        Console.WriteLine("listening on " + path);
        using Socket connection = listener.Accept();
        try
        {
            var line = new VendorLine(new WireSession(connection));
            if (idle) { line.RunIdle(); }
            else { line.RunCall(); }
            Console.WriteLine(line.Summary());
            return 0;
        }
        catch (ProtocolFault e)
        {
            Console.Error.WriteLine("protocol fault: " + e.Message);
            return 1;
        }
    }
}
