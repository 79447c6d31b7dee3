using System;
using System.CommandLine;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fxs.Cli.Run;

namespace Fxs.Cli.Status;

// `fxs status`: a running daemon's state, read from its status socket (StatusServer; the protocol in
// docs/status.md): the port (on-hook, off-hook, ringing), the call's state and IVR step, what waits in the
// outbox and the last delivery error. People get lines; `--json` the daemon's object as it sent it.
public static class StatusCommand
{
    /// <summary>How long to wait for the daemon's answer: 5 s (it answers at once; a hung daemon must not hang this).</summary>
    private const int TimeoutMs = 5000;

    public static Command Create()
    {
        Option<string> socket = RunCommand.StatusSocketOption("The running daemon's status socket (`fxs run --status-socket`).");
        var json = new Option<bool>("--json") { Description = "Print the daemon's JSON object as it sent it (docs/status.md)." };
        var command = new Command("status",
            "Show a running `fxs run` daemon's state: the port (on-hook, off-hook, ringing), the call state and IVR step, records pending in the "
            + "outbox (the oldest's age) and the last delivery error. Never a password. Run it as the daemon's user or group (the socket is mode 0660). "
            + "Exit " + ExitCodes.BadInput + ": no daemon answers on the socket. " + ExitCodes.HelpFor(ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput))
        {
            socket, json,
        };
        command.SetAction(parse => Run(parse.GetValue(socket)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        string answer;
        try { answer = Read(path); }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            stderr.WriteLine("fxs status: no daemon answers on " + path + " (" + (e is SocketException s ? s.SocketErrorCode.ToString() : e.GetType().Name)
                + ": " + Relay.RelayCommand.OneLine(e.Message) + "): is `fxs run` running, with this --status-socket, and may this user open it (mode 0660)?");
            return ExitCodes.BadInput;
        }
        if (json)
        {
            stdout.WriteLine(answer);
            return ExitCodes.Ok;
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(answer);
            JsonElement root = doc.RootElement;
            string port = root.GetProperty("port").GetString() ?? "?";
            stdout.WriteLine("board " + root.GetProperty("board").GetString() + ": port " + port
                + (root.TryGetProperty("callState", out JsonElement call) ? ", call state " + call.GetString() + ", IVR step " + root.GetProperty("ivrStep").GetString() : ""));
            JsonElement outbox = root.GetProperty("outbox");
            if (outbox.ValueKind == JsonValueKind.Null)
            {
                stdout.WriteLine("outbox: none (no relay)");
            }
            else
            {
                stdout.WriteLine("outbox: " + (outbox.TryGetProperty("pending", out JsonElement pending)
                    ? pending.GetInt32() + " pending" + (pending.GetInt32() > 0 ? ", the oldest " + Relay.RelayCommand.Duration(TimeSpan.FromSeconds(outbox.GetProperty("oldestSeconds").GetInt64())) + " old" : "")
                    : "unreadable: " + outbox.GetProperty("problem").GetString()));
                string? error = outbox.GetProperty("lastDeliveryError").GetString();
                stdout.WriteLine("last delivery error: " + (error ?? "none"));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            stderr.WriteLine("fxs status: " + path + " answered something that is not the daemon's status (" + e.GetType().Name + "): " + Relay.RelayCommand.OneLine(answer));
            return ExitCodes.BadInput;
        }
        return ExitCodes.Ok;
    }

    // Connect, read to the end (the daemon closes after its one line).
    private static string Read(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = TimeoutMs, SendTimeout = TimeoutMs };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().TrimEnd('\n');
    }
}
