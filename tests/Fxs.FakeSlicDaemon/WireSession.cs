using System;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace Fxs.FakeSlicDaemon;

/// <summary>The daemon's end of the external protocol, version 1, written from boards/PORTING.md.</summary>
internal sealed class WireSession
{
    private const int Header = 4;
    private const byte Hello = 1, Hook = 2, Audio = 3, Ring = 4;
    private const int Samples = 80;

    private readonly Socket _socket;
    private readonly byte[] _header = new byte[Header];
    private readonly byte[] _payload = new byte[1024];
    private readonly byte[] _out = new byte[Header + 2 * Samples];

    public WireSession(Socket socket) { _socket = socket; }

    /// <summary>RING messages received, and the last state they set.</summary>
    public int RingCommands { get; private set; }

    public bool Ringing { get; private set; }

    /// <summary>Reads fxs's HELLO, checks it, answers with the daemon's.</summary>
    public void Handshake()
    {
        (byte type, int length) = Receive();
        if (type != Hello || length != 8 || _payload[0] != 'F' || _payload[1] != 'X' || _payload[2] != 'S' || _payload[3] != 'L')
        {
            throw new ProtocolFault("the first message is not HELLO \"FXSL\" (type " + type + ", " + length + " bytes)");
        }
        int version = BinaryPrimitives.ReadUInt16LittleEndian(_payload.AsSpan(4));
        int samples = BinaryPrimitives.ReadUInt16LittleEndian(_payload.AsSpan(6));
        if (version != 1 || samples != Samples) { throw new ProtocolFault("HELLO version " + version + ", " + samples + " samples"); }
        byte[] hello = { 8, 0, Hello, 0, (byte)'F', (byte)'X', (byte)'S', (byte)'L', 1, 0, Samples, 0 };
        _socket.Send(hello);
    }

    public void SendHook(bool closed, long atSample)
    {
        byte[] m = new byte[Header + 9];
        m[0] = 9; m[2] = Hook;
        m[Header] = closed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(m.AsSpan(Header + 1), atSample);
        _socket.Send(m);
    }

    public void SendAudio(short[] samples)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_out.AsSpan(0), 2 * Samples);
        _out[2] = Audio;
        _out[3] = 0;
        for (int i = 0; i < Samples; i++) { BinaryPrimitives.WriteInt16LittleEndian(_out.AsSpan(Header + 2 * i), samples[i]); }
        _socket.Send(_out);
    }

    /// <summary>Reads until fxs's played frame arrives (RING on the way is taken), into <paramref name="samples"/>.</summary>
    public void ReceiveAudio(short[] samples)
    {
        while (true)
        {
            (byte type, int length) = Receive();
            if (type == Ring && length == 1)
            {
                RingCommands++;
                Ringing = _payload[0] != 0;
                continue;
            }
            if (type != Audio || length != 2 * Samples) { throw new ProtocolFault("expected AUDIO of 160 bytes, got type " + type + ", " + length + " bytes"); }
            for (int i = 0; i < Samples; i++) { samples[i] = BinaryPrimitives.ReadInt16LittleEndian(_payload.AsSpan(2 * i)); }
            return;
        }
    }

    private (byte Type, int Length) Receive()
    {
        Fill(_header, Header);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_header);
        if (length > _payload.Length) { throw new ProtocolFault("a " + length + "-byte payload"); }
        Fill(_payload, length);
        return (_header[2], length);
    }

    private void Fill(byte[] buffer, int count)
    {
        int got = 0;
        while (got < count)
        {
            int n = _socket.Receive(buffer, got, count - got, SocketFlags.None);
            if (n == 0) { throw new ConnectionClosed(); }
            got += n;
        }
    }
}

internal class ProtocolFault : Exception
{
    public ProtocolFault(string message) : base(message) { }
}

/// <summary>fxs closed the connection: a fault in a call, the end of an idle session.</summary>
internal sealed class ConnectionClosed : ProtocolFault
{
    public ConnectionClosed() : base("fxs closed the connection") { }
}
