using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fxs.Backend.Hosting;

/// <summary>
/// The client's address behind a TCP-mode balancer (issue #17 item 3): HAProxy's
/// <c>send-proxy-v2</c> puts a binary PROXY protocol v2 header before the TLS bytes, naming the
/// client's address and port. Without it every connection would come from the balancer, and the
/// login throttle's per-address and per-/64 limits (issue #13 item 6) would count the whole
/// world as one client. The header is trusted only on connections from the balancers'
/// addresses (<c>Backend:ProxyProtocolFrom</c>, comma-separated): from them it is required (a
/// connection without one is closed), from any other address none is read, so nobody else can
/// claim an address. Runs before TLS (connection middleware), so mutual TLS still ends here.
/// </summary>
public static class ProxyProtocol
{
    /// <summary>Configuration key: the balancers' addresses, comma-separated; empty or missing: no PROXY header is read.</summary>
    public const string TrustedFromKey = "Backend:ProxyProtocolFrom";

    /// <summary>The v2 signature (12 bytes) that opens every header.</summary>
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Signature, version/command, family/protocol and the 2-byte length of what follows: 16 bytes.</summary>
    private const int FixedBytes = 16;

    /// <summary>The most address and TLV bytes accepted after the fixed part (HAProxy sends 12 for IPv4, 36 for IPv6, plus small TLVs).</summary>
    private const int MaxRestBytes = 1024;

    /// <summary>How long the balancer has to send its header (5 s): a connection that sends nothing is not held.</summary>
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The trusted balancers' addresses from <see cref="TrustedFromKey"/> (IPv4-mapped ones as IPv4); a bad address is a start-up error naming it.</summary>
    public static IPAddress[] TrustedFrom(IConfiguration config)
    {
        string? value = config[TrustedFromKey];
        if (string.IsNullOrWhiteSpace(value)) { return []; }
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => IPAddress.TryParse(a, out IPAddress? ip) ? Normal(ip)
                : throw new InvalidDataException($"{TrustedFromKey}: '{a}' is not an IP address (expected the balancers' addresses, comma-separated)."))
            .ToArray();
    }

    /// <summary>On connections from <paramref name="trusted"/>, reads the PROXY v2 header and makes its source the connection's remote end point.</summary>
    public static void UseProxyProtocol(this ListenOptions listen, IPAddress[] trusted)
    {
        if (trusted.Length == 0) { return; }
        listen.Use(next => async connection =>
        {
            if (connection.RemoteEndPoint is not IPEndPoint peer || Array.IndexOf(trusted, Normal(peer.Address)) < 0)
            {
                await next(connection);
                return;
            }
            IPEndPoint? client;
            using (var timeout = new CancellationTokenSource(HeaderTimeout))
            {
                try
                {
                    client = await ReadHeaderAsync(connection.Transport.Input, timeout.Token);
                }
                catch (Exception e) when (e is InvalidDataException or OperationCanceledException)
                {
                    connection.Abort(new ConnectionAbortedException("PROXY protocol: " + e.Message));
                    return;
                }
            }
            if (client is not null) { connection.RemoteEndPoint = client; } // LOCAL (the balancer's own health check): the balancer itself
            await next(connection);
        });
    }

    /// <summary>Consumes one PROXY v2 header; the client's end point (PROXY over TCP4/TCP6), or null (LOCAL, or another family).</summary>
    public static async Task<IPEndPoint?> ReadHeaderAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            ReadResult read = await input.ReadAsync(ct);
            ReadOnlySequence<byte> buffer = read.Buffer;
            int seen = (int)Math.Min(buffer.Length, Signature.Length);
            if (!buffer.Slice(0, seen).ToArray().AsSpan().SequenceEqual(Signature.AsSpan(0, seen)))
            {
                input.AdvanceTo(buffer.Start); // a TLS ClientHello (0x16 ...): refused at its first byte, not after a timeout
                throw new InvalidDataException("the balancer's connection did not start with a v2 header");
            }
            if (buffer.Length >= FixedBytes)
            {
                byte[] head = buffer.Slice(0, FixedBytes).ToArray();
                if ((head[12] >> 4) != 2)
                {
                    input.AdvanceTo(buffer.Start);
                    throw new InvalidDataException($"PROXY protocol version {head[12] >> 4} (only 2 is read)");
                }
                int rest = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(14));
                if (rest > MaxRestBytes)
                {
                    input.AdvanceTo(buffer.Start);
                    throw new InvalidDataException($"header of {rest} bytes (at most {MaxRestBytes})");
                }
                if (buffer.Length >= FixedBytes + rest)
                {
                    byte[] body = buffer.Slice(FixedBytes, rest).ToArray();
                    input.AdvanceTo(buffer.GetPosition(FixedBytes + rest));
                    return Parse(head[12] & 0x0F, head[13], body);
                }
            }
            if (read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw new InvalidDataException("the connection ended inside the header");
            }
            input.AdvanceTo(buffer.Start, buffer.End); // nothing consumed, all examined: wait for more
        }
    }

    // Command 0 = LOCAL, 1 = PROXY; family/protocol 0x11 = TCP over IPv4, 0x21 = TCP over IPv6.
    private static IPEndPoint? Parse(int command, byte family, byte[] body)
    {
        if (command == 0) { return null; }
        if (command != 1) { throw new InvalidDataException($"unknown command {command}"); }
        return family switch
        {
            0x11 when body.Length >= 12 => new IPEndPoint(new IPAddress(body.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(8))),
            0x21 when body.Length >= 36 => new IPEndPoint(new IPAddress(body.AsSpan(0, 16)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(32))),
            0x11 or 0x21 => throw new InvalidDataException("address block too short"),
            _ => null, // UNSPEC or a Unix socket: no client address to take
        };
    }

    private static IPAddress Normal(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
