using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Fxs.Core.Gateway;
using Fxs.Core.Line;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fxs.Cli.Run;

/// <summary>
/// Issue #15 item 3: the running daemon's state for `fxs status`, on a Unix socket (default
/// <see cref="DefaultPath"/>; `fxs run --status-socket`). The protocol (docs/status.md): the client
/// connects; the daemon writes one line, a JSON object, and closes. Created mode 0660 (the daemon's
/// user and group: add a person to the group to let them read it), removed when the daemon stops. The
/// state is read, never changed; it holds no password, no digit keyed in the password steps, no record body.
/// A socket that cannot be made (no /run/fxs, another daemon answering on it) is a warning: the line runs without it.
/// </summary>
internal sealed class StatusServer(DaemonInputs inputs, DaemonParts parts, GatewayLoop loop, ILoggerFactory logs) : BackgroundService
{
    /// <summary>Where the socket is by default (systemd: RuntimeDirectory=fxs makes /run/fxs the daemon's).</summary>
    public const string DefaultPath = "/run/fxs/status.sock";

    /// <summary>The socket's mode: read and write (connect) for the owner and the group.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private readonly ILogger _log = logs.CreateLogger("fxs.status");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? path = inputs.StatusSocket;
        if (path is null || !OperatingSystem.IsLinux()) { return; }
        Socket? listener = Listen(path);
        if (listener is null) { return; }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using Socket client = await listener.AcceptAsync(stoppingToken);
                try
                {
                    await client.SendAsync(Encoding.UTF8.GetBytes(Snapshot() + "\n"), SocketFlags.None, stoppingToken);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException) { } // the client went away: its loss
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            listener.Dispose();
            try { File.Delete(path); }
            catch (IOException) { }
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private Socket? Listen(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            if (File.Exists(path))
            {
                // Left by a daemon that was killed, or another daemon's: only a socket no one answers on is taken over.
                if (Answers(path))
                {
                    DaemonLog.StatusUnavailable(_log, path, "another daemon answers on it");
                    return null;
                }
                File.Delete(path);
            }
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(path));
                File.SetUnixFileMode(path, Mode);
                listener.Listen(4);
            }
            catch
            {
                listener.Dispose();
                throw;
            }
            DaemonLog.StatusListening(_log, path);
            return listener;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            DaemonLog.StatusUnavailable(_log, path, e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    private static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The state as one JSON object (docs/status.md). Read across threads: each field is one enum or count, read once.</summary>
    internal string Snapshot()
    {
        GatewayPort? port = loop.Port;
        string portState = port is null ? "starting"
            : port.Control.State != CallState.Idle ? "off-hook"
            : parts.Hardware.Ringer.IsRinging ? "ringing" : "on-hook";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("board", inputs.Board.Name);
            w.WriteString("port", portState);
            if (port is not null)
            {
                w.WriteString("callState", Kebab(port.Control.State.ToString()));
                w.WriteString("ivrStep", Kebab(port.Control.Ivr.State.ToString()));
            }
            if (parts.Outbox is { } outbox)
            {
                OutboxDrain.Pending? pending = OutboxDrain.Read(outbox, out string? problem);
                w.WriteStartObject("outbox");
                if (pending is { } p)
                {
                    w.WriteNumber("pending", p.Count);
                    w.WriteNumber("oldestSeconds", (long)p.Oldest.TotalSeconds);
                }
                else
                {
                    w.WriteString("problem", problem);
                }
                string? lastError = OutboxDrain.LastError(outbox);
                if (lastError is null) { w.WriteNull("lastDeliveryError"); } else { w.WriteString("lastDeliveryError", lastError); }
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("outbox"); // no relay (the sim board without --relay)
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // "PasswordEntry" → "password-entry".
    private static string Kebab(string name)
    {
        var s = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) { s.Append('-'); }
            s.Append(char.ToLowerInvariant(name[i]));
        }
        return s.ToString();
    }
}
