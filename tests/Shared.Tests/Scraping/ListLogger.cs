using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>Keeps formatted log lines ("Level EventId: message") for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add($"{logLevel} {eventId.Id}: {formatter(state, exception)}");
        }
    }
}
