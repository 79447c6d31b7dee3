using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace Fxs.Tests;

/// <summary>
/// Free loopback ports for the servers tests start (a backend, a balancer, a daemon's status
/// socket), found one way. A port from the kernel's ephemeral range (what binding port 0 hands
/// out) is free only for a moment: once given back, any outgoing connection of the tests beside
/// this one may take it as its source port, and the server then fails with "address already in
/// use" (seen in CI). These ports come from below that range, where the kernel never picks a source
/// port, and never twice in one test process.
/// </summary>
public static class LoopbackPorts
{
    private const int LowestPort = 10000; // clear of the well-known and registered services tests might meet
    private const int FallbackEphemeralStart = 32768; // Linux's default net.ipv4.ip_local_port_range
    private static readonly HashSet<int> Given = [];

    /// <summary>One free loopback port.</summary>
    public static int Free() => Take(1);

    /// <summary>Two free adjacent loopback ports n, n + 1 (the demo backend's pair: site, then device API).</summary>
    public static (int First, int Second) FreePair()
    {
        int first = Take(2);
        return (first, first + 1);
    }

    private static int Take(int count)
    {
        int end = EphemeralStart();
        lock (Given)
        {
            for (int attempt = 0; attempt < 500; attempt++)
            {
                int first = Random.Shared.Next(LowestPort, end - count + 1);
                if (Enumerable.Range(first, count).Any(Given.Contains) || !AllBindable(first, count)) { continue; }
                for (int p = first; p < first + count; p++) { Given.Add(p); }
                return first;
            }
        }
        throw new InvalidOperationException($"no {count} adjacent free loopback ports between {LowestPort} and {end}");
    }

    private static bool AllBindable(int first, int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int p = first; p < first + count; p++)
            {
                var l = new TcpListener(IPAddress.Loopback, p);
                listeners.Add(l);
                l.Start();
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            foreach (TcpListener l in listeners) { l.Dispose(); }
        }
    }

    // The first port of the range the kernel picks source ports from; where there is no /proc, the Linux default.
    private static int EphemeralStart()
    {
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int start = int.Parse(range[0], CultureInfo.InvariantCulture);
            return start > LowestPort + 1000 ? start : FallbackEphemeralStart;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return FallbackEphemeralStart;
        }
    }
}
