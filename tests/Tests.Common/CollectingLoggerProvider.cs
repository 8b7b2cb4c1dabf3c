using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Common;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every log line (level, category, text, exception) for a test to inspect.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>Every line logged so far, in order.</summary>
    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _lines);

    public void Dispose()
    {
    }

    /// <summary>One logged line.</summary>
    public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " " + Exception.GetType().Name + ": " + Exception.Message)}";
    }

    private sealed class Collector(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception));
    }
}
