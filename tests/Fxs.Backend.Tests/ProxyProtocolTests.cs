using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Fxs.Backend.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fxs.Backend.Tests;

/// <summary>
/// Issue #17 item 3: the PROXY protocol v2 header HAProxy's <c>send-proxy-v2</c> puts before the
/// TLS bytes (the header's layout from HAProxy's proxy-protocol.txt, section 2.2), read by
/// <see cref="ProxyProtocol"/>: the client's address taken, the bytes after it left for TLS; a
/// LOCAL header (the balancer's own check) names nobody; anything else from the balancer is refused.
/// The whole path through the real HAProxy: <c>BalancerTests</c>.
/// </summary>
public sealed class ProxyProtocolTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static byte[] Header(byte versionCommand, byte family, byte[] addresses) =>
        [.. Signature, versionCommand, family, (byte)(addresses.Length >> 8), (byte)addresses.Length, .. addresses];

    private static async Task<(IPEndPoint? Client, string After)> ReadAsync(byte[] bytes)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();
        IPEndPoint? client = await ProxyProtocol.ReadHeaderAsync(pipe.Reader, default);
        ReadResult rest = await pipe.Reader.ReadAsync();
        return (client, Encoding.ASCII.GetString(rest.Buffer.ToArray()));
    }

    [Fact]
    public async Task AnIPv4HeaderGivesTheClientsAddressAndLeavesTheTlsBytes()
    {
        byte[] addresses = [203, 0, 113, 7, 127, 0, 0, 1, 0xC8, 0x02, 0x15, 0xB3]; // 203.0.113.7:51202 → 127.0.0.1:5555
        (IPEndPoint? client, string rest) = await ReadAsync([.. Header(0x21, 0x11, addresses), .. "TLS"u8]);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 51202), client);
        Assert.Equal("TLS", rest);
    }

    [Fact]
    public async Task AnIPv6HeaderWithATlvGivesTheClientsAddress()
    {
        byte[] source = IPAddress.Parse("2001:db8::1").GetAddressBytes();
        byte[] addresses = [.. source, .. IPAddress.IPv6Loopback.GetAddressBytes(), 0x01, 0xBB, 0x15, 0xB3, 0x04, 0x00, 0x01, 0x00]; // + a NOOP TLV
        (IPEndPoint? client, string rest) = await ReadAsync([.. Header(0x21, 0x21, addresses), .. "TLS"u8]);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443), client);
        Assert.Equal("TLS", rest);
    }

    [Fact]
    public async Task ALocalHeaderNamesNobody()
    {
        (IPEndPoint? client, string rest) = await ReadAsync([.. Header(0x20, 0x00, []), .. "TLS"u8]);
        Assert.Null(client);
        Assert.Equal("TLS", rest);
    }

    [Fact]
    public async Task TlsWithoutAHeaderFromTheBalancersAddressIsRefused()
    {
        byte[] clientHello = [0x16, 0x03, 0x01, 0x02, 0x00]; // a ClientHello's first bytes: refused at once, not after the header's timeout
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(clientHello));
        Assert.Equal("the balancer's connection did not start with a v2 header", e.Message);
    }

    [Fact]
    public void TheTrustedAddressesAreCheckedAtStart()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([new(ProxyProtocol.TrustedFromKey, "10.0.0.5, ::ffff:10.0.0.6")]).Build();
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.6")], ProxyProtocol.TrustedFrom(config));
        var bad = new ConfigurationBuilder().AddInMemoryCollection([new(ProxyProtocol.TrustedFromKey, "10.0.0.5,balancer")]).Build();
        Assert.Equal("Backend:ProxyProtocolFrom: 'balancer' is not an IP address (expected the balancers' addresses, comma-separated).",
            Assert.Throws<InvalidDataException>(() => { ProxyProtocol.TrustedFrom(bad); }).Message);
    }
}
