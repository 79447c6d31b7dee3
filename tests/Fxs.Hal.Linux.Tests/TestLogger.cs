using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Fxs.Hal.Linux.Tests;

/// <summary>Collects formatted log lines (thread-safe).</summary>
internal sealed class TestLogger : ILogger
{
    private readonly List<string> _lines = new();

    public List<string> Lines { get { lock (_lines) { return new List<string>(_lines); } } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) { _lines.Add(formatter(state, exception)); }
    }
}
