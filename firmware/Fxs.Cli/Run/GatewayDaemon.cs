using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Fxs.Hal.Linux;
using Fxs.Hal.Sim;
using Fxs.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Fxs.Host.Hardware;
using Fxs.Host.Sim;

namespace Fxs.Cli.Run;

/// <summary>
/// The gateway daemon's composition (the generic host): logging, systemd integration
/// (Type=notify readiness, journal format, SIGTERM as a graceful stop), the line loop and the
/// relay loop as hosted services, and the parts they share. Nothing else lives here.
/// </summary>
internal static class GatewayDaemon
{
    /// <summary>Time the host gives the services to stop on SIGTERM before it gives up on them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs until SIGTERM/SIGINT, <paramref name="stop"/>, or the end of the phone's script; returns the exit code.
    /// A board part that will not open (at start, or the codec when the line starts) is one line on
    /// <paramref name="stderr"/> (the console's by default) and exit 7, which the unit does not restart on.
    /// </summary>
    public static int Run(DaemonInputs inputs, CancellationToken stop, TextWriter? stderr = null)
    {
        long startedAt = Stopwatch.GetTimestamp() - ProcessAgeTicks();
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "fxs",
        });
        ConfigureLogging(builder.Logging, inputs);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(inputs);
        builder.Services.AddSingleton(sp => Build(inputs, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<GatewayLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayLoop>());
        builder.Services.AddHostedService<StatusServer>();
        if (inputs.Relay != null)
        {
            builder.Services.AddHostedService(sp => new RelayLoop(sp.GetRequiredService<DaemonParts>().Sender!));
        }

        using IHost host = builder.Build();
        ILogger log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("fxs");
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            DaemonParts parts = host.Services.GetRequiredService<DaemonParts>();
            DaemonLog.Ready(log, inputs.Board.Name, parts.Hardware.Description, inputs.Line.Area.ToString().ToLowerInvariant(),
                1 + inputs.Line.AdditionalCount, inputs.Relay == null ? "off" : inputs.Relay.BackendUrl!.ToString(),
                (long)Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        });
        GatewayLoop loop;
        try
        {
            // Resolving the loop builds its parts: the board's hardware opens here.
            loop = host.Services.GetRequiredService<GatewayLoop>();
            // Every stop (signal, script end) says what waits in the outbox (issue #15 item 3): once the
            // services have stopped, before the host disposes the parts.
            Outbox? outbox = host.Services.GetRequiredService<DaemonParts>().Outbox;
            if (outbox is not null) { lifetime.ApplicationStopped.Register(() => OutboxDrain.LogStopped(log, outbox)); }
            host.RunAsync(stop).GetAwaiter().GetResult();
        }
        catch (HardwareUnavailableException e)
        {
            return HardwareUnavailable(stderr, e.Message);
        }
        // The codec opens when the line starts, on the line's thread.
        if (loop.Failure is BoardPartException part) { return HardwareUnavailable(stderr, part.Message); }
        return loop.Failure == null ? ExitCodes.Ok : ExitCodes.InternalError;
    }

    private static int HardwareUnavailable(TextWriter? stderr, string problem)
    {
        (stderr ?? Console.Error).WriteLine("fxs run: " + problem);
        return ExitCodes.HardwareUnavailable;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, DaemonInputs inputs)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(inputs.Verbose ? LogLevel.Debug : inputs.MinimumLevel);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        LogFormat format = inputs.LogFormat;
        if (format == LogFormat.Auto) { format = SystemdHelpers.IsSystemdService() ? LogFormat.Systemd : LogFormat.Text; }
        switch (format)
        {
            case LogFormat.Json:
                logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            case LogFormat.Systemd:
                logging.AddSystemdConsole();
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
                break;
        }
    }

    // The parts, built when the host starts its services: the hardware opens here, so a missing
    // GPIO chip or ALSA device stops the start with a clear error instead of half a daemon.
    private static DaemonParts Build(DaemonInputs inputs, ILoggerFactory logs)
    {
        ILogger log = logs.CreateLogger("fxs");
        ILineHardware hardware = LineHardwareFactory.Create(inputs.Board, inputs.PhoneScript, inputs.SimulatedHardware, inputs.RealTime, logs);
        var monitor = new LogMonitor(logs.CreateLogger("fxs.line"));
        if (inputs.Relay == null)
        {
            DaemonLog.NoRelay(log);
            return new DaemonParts { Hardware = hardware, Sink = new SimPasswordSink(), Monitor = monitor };
        }

        // Issue #12: an outbox that cannot be opened (full disk, damaged file moved aside) does not stop
        // the daemon: the IVR runs and refuses to set passwords until the outbox can be written.
        Outbox outbox = inputs.Relay.OpenOutbox(logs.CreateLogger("fxs.relay"));
        var sender = new RelaySender(outbox, inputs.Relay, TimeProvider.System, inputs.Relay.LoadClientCertificate(), logs.CreateLogger("fxs.relay"));
        OutboxSink? sink = null;
        sink = OutboxSink.Create(outbox, inputs.Relay, TimeProvider.System, () => hardware.Clock.NowSamples,
            e => DaemonLog.RecordFailed(log, e.GetType().Name + ": " + e.Message),
            () =>
            {
                DaemonLog.RecordStored(log, sink!.LastRecordId ?? "?");
                sender.Notify();
            });
        return new DaemonParts { Hardware = hardware, Sink = sink, Monitor = monitor, Outbox = outbox, Sender = sender };
    }

    // How long ago the process started, in Stopwatch ticks: the ready line reports start-up from
    // the process's start (runtime start-up included), not from Main.
    private static long ProcessAgeTicks()
    {
        TimeSpan age = DateTime.Now - Process.GetCurrentProcess().StartTime;
        return age < TimeSpan.Zero ? 0 : (long)(age.TotalSeconds * Stopwatch.Frequency);
    }
}
