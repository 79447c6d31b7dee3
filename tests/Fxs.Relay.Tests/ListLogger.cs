using Microsoft.Extensions.Logging;

namespace Fxs.Relay.Tests;

/// <summary>Collects the formatted lines logged at Information or above (thread-safe): what a gateway's journal would hold.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public List<string> Lines { get { lock (_lines) { return [.. _lines]; } } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) { return; }
        string line = logLevel + ": " + formatter(state, exception) + (exception is null ? "" : "\n" + exception);
        lock (_lines) { _lines.Add(line); }
    }
}
