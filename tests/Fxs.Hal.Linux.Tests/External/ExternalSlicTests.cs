using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Fxs.Hal.Linux.External;

namespace Fxs.Hal.Linux.Tests.External;

/// <summary>fxs's side of the external protocol (boards/PORTING.md §5) against a daemon written here byte by byte.</summary>
public sealed class ExternalSlicTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxs-ext-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Edges : IHookEdgeListener
    {
        public readonly List<(bool Closed, long At)> Seen = new();
        public void HookEdge(bool loopClosed, long atSample) => Seen.Add((loopClosed, atSample));
    }

    /// <summary>A daemon's listening socket; <see cref="Accept"/> takes fxs's HELLO and answers with <paramref name="version"/>.</summary>
    private sealed class FakeDaemon : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        public Socket? Peer;

        public FakeDaemon(string path)
        {
            if (File.Exists(path)) { File.Delete(path); }
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen(1);
        }

        // On a thread of its own: fxs's Connect waits for the answer (2 s) blocking the test's thread, and on a
        // loaded 2-core machine a thread-pool task could start only after that (the whole suite's runs saw it).
        public Task Accept(ushort version = 1) => Task.Factory.StartNew(() =>
        {
            Peer = _listener.Accept();
            byte[] hello = Read(12);
            Assert.Equal(new byte[] { 8, 0, 1, 0, (byte)'F', (byte)'X', (byte)'S', (byte)'L', 1, 0, 80, 0 }, hello);
            Peer.Send(new byte[] { 8, 0, 1, 0, (byte)'F', (byte)'X', (byte)'S', (byte)'L', (byte)version, (byte)(version >> 8), 80, 0 });
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        public void Hook(bool closed, long at)
        {
            byte[] m = new byte[13];
            m[0] = 9; m[2] = 2; m[4] = closed ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(m.AsSpan(5), at);
            Peer!.Send(m);
        }

        public void Audio(short first)
        {
            byte[] m = new byte[164];
            m[0] = 160; m[2] = 3;
            for (int i = 0; i < 80; i++) { BinaryPrimitives.WriteInt16LittleEndian(m.AsSpan(4 + 2 * i), (short)(first + i)); }
            Peer!.Send(m);
        }

        public byte[] Read(int count)
        {
            byte[] b = new byte[count];
            int got = 0;
            while (got < count) { int n = Peer!.Receive(b, got, count - got, SocketFlags.None); Assert.True(n > 0); got += n; }
            return b;
        }

        public void Dispose()
        {
            Peer?.Dispose();
            _listener.Dispose();
        }
    }

    [Fact]
    public async Task Hook_edges_come_before_their_frame_and_each_frame_is_answered_with_one_played_frame()
    {
        string path = Path.Combine(_dir, "s.sock");
        using var daemon = new FakeDaemon(path);
        Task accepted = daemon.Accept();
        using ExternalSlic slic = ExternalSlic.Connect(path, TimeProvider.System);
        await accepted;
        var edges = new Edges();
        slic.SetEdgeListener(edges);

        daemon.Audio(100);
        Assert.True(slic.WaitFrame(TimeSpan.FromSeconds(5)));
        var frame = new CodecFrame();
        Assert.True(slic.ReadHeard(frame));
        Assert.Equal((0L, (short)100, (short)179), (frame.StartSample, frame.Linear[0], frame.Linear[79]));
        Assert.Equal(80, slic.NowSamples);
        var played = new CodecFrame { Encoding = CodecEncoding.Linear16 };
        played.Linear[0] = -2; played.Linear[79] = 300;
        slic.WritePlayed(played);
        byte[] back = daemon.Read(164);
        Assert.Equal(new byte[] { 160, 0, 3, 0, 0xFE, 0xFF }, back[..6]);
        Assert.Equal(300, BinaryPrimitives.ReadInt16LittleEndian(back.AsSpan(162)));

        daemon.Hook(true, 123);            // inside the second frame (80-159)
        daemon.Audio(0);
        Assert.True(slic.WaitFrame(TimeSpan.FromSeconds(5)));
        Assert.Equal(new[] { (true, 123L) }, edges.Seen);
        Assert.True(slic.LoopClosed);

        slic.SetRinging(true);
        Assert.Equal(new byte[] { 1, 0, 4, 0, 1 }, daemon.Read(5));
    }

    [Fact]
    public async Task A_daemon_that_goes_away_leaves_the_line_on_hook_and_is_reconnected_with_its_time_continued()
    {
        string path = Path.Combine(_dir, "s.sock");
        var daemon = new FakeDaemon(path);
        Task accepted = daemon.Accept();
        using ExternalSlic slic = ExternalSlic.Connect(path, TimeProvider.System);
        await accepted;
        var edges = new Edges();
        slic.SetEdgeListener(edges);
        daemon.Hook(true, 10);
        daemon.Audio(0);
        Assert.True(slic.WaitFrame(TimeSpan.FromSeconds(5)));
        slic.ReadHeard(new CodecFrame());

        daemon.Dispose();                  // the daemon dies mid-call
        var frame = new CodecFrame();
        Assert.True(slic.WaitFrame(TimeSpan.FromSeconds(5)));
        Assert.False(slic.Connected);
        Assert.Equal(1, slic.Disconnects);
        Assert.Equal((false, 80L), edges.Seen[^1]);   // on hook from the moment it went
        Assert.True(slic.ReadHeard(frame));
        Assert.Equal(80, frame.StartSample);            // silence keeps line time going
        Assert.All(frame.Linear, s => Assert.Equal(0, s));

        using var again = new FakeDaemon(path);
        Task back = again.Accept();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!slic.Connected && DateTime.UtcNow < deadline)
        {
            if (slic.WaitFrame(TimeSpan.FromMilliseconds(20))) { slic.ReadHeard(frame); }
        }
        Assert.True(slic.Connected);
        await back;
        Assert.Equal(1, slic.Reconnects);
        long resumedAt = slic.NowSamples;
        again.Hook(true, 5);               // sample 5 of the new session
        again.Audio(0);
        Assert.True(slic.WaitFrame(TimeSpan.FromSeconds(5)));
        slic.ReadHeard(frame);
        Assert.Equal(resumedAt, frame.StartSample);
        Assert.Equal((true, resumedAt + 5), edges.Seen[^1]);
    }

    [Fact]
    public void No_daemon_at_start_is_one_line_naming_the_socket()
    {
        string path = Path.Combine(_dir, "nobody.sock");
        var e = Assert.Throws<BoardPartException>(() => ExternalSlic.Connect(path, TimeProvider.System));
        Assert.StartsWith("external SLIC daemon socket " + path + " cannot be reached (", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public async Task A_daemon_of_another_version_is_refused_at_start()
    {
        string path = Path.Combine(_dir, "v2.sock");
        using var daemon = new FakeDaemon(path);
        Task accepted = daemon.Accept(version: 2);
        var e = Assert.Throws<BoardPartException>(() => ExternalSlic.Connect(path, TimeProvider.System));
        await accepted;
        Assert.StartsWith("external SLIC daemon socket " + path + " speaks protocol version 2, fxs speaks 1", e.Message);
    }
}
