using System.Collections.Generic;
using Fxs.Boards;
using Fxs.Core.Gateway;
using Fxs.Core.Ivr;
using Fxs.Relay;
using Fxs.Host.Calls;
using Fxs.Core.Line;

namespace Fxs.Cli.Run;

/// <summary>What `fxs run` was asked to do, every file already read and checked.</summary>
internal sealed class DaemonInputs
{
    public required BoardDefinition Board { get; init; }

    public required LineConfiguration Line { get; init; }

    public required IPromptSource Prompts { get; init; }

    /// <summary>Null on the sim board without --relay (records are counted, not delivered).</summary>
    public RelayOptions? Relay { get; init; }

    /// <summary>The model phone's actions (sim board, or a Linux board on simulated parts); empty: the phone stays on hook.</summary>
    public IReadOnlyList<CallStep> PhoneScript { get; init; } = [];

    /// <summary>A Linux board's HAL on simulated GPIO and PCM parts, with the model phone (benches without hardware).</summary>
    public bool SimulatedHardware { get; init; }

    /// <summary>Frames paced to the wall clock (false: as fast as they run; sim board only).</summary>
    public bool RealTime { get; init; } = true;

    public bool ExitAfterScript { get; init; }

    /// <summary>After the script (<see cref="ExitAfterScript"/>): the longest wait for the outbox to drain (zero: none).</summary>
    public System.TimeSpan DrainTimeout { get; init; } = OutboxDrain.DefaultBound;

    /// <summary>--record-dir: capture every call (null: none).</summary>
    public CaptureSettings? Capture { get; init; }

    public LogFormat LogFormat { get; init; }

    public bool Verbose { get; init; }

    /// <summary>The Unix socket `fxs status` reads (null: none; `fxs run` defaults to <see cref="StatusServer.DefaultPath"/>).</summary>
    public string? StatusSocket { get; init; }

    /// <summary>Least severe log level written (Verbose lowers it to Debug); `fxs selftest` runs the daemon quietly.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;
}

/// <summary>How the daemon writes its log: auto is systemd's format under systemd, else text.</summary>
internal enum LogFormat { Auto, Text, Json, Systemd }
