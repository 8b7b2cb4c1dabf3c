using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// The host's <see cref="ILoggerFactory"/> as Akka's log sink, with one level corrected: Akka's remoting
/// logs the end of an association with a peer (<c>EndpointDisassociatedException</c>,
/// <c>ShutDownAssociation</c>) at Error, and the gating of its address that follows at Warning, even when the
/// peer left the cluster and stopped cleanly, so every rolling restart (and every demo stop) would page
/// someone. Those lines go out at Information; a peer that really failed is
/// still reported by the cluster (unreachable, downed) at Warning. Everything else passes unchanged.
/// </summary>
internal sealed class AkkaLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly string[] AssociationEnded = ["Akka.Remote.EndpointDisassociatedException", "Akka.Remote.ShutDownAssociation"];

    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the inner factory; nothing to release here.</summary>
    public void Dispose()
    {
    }

    /// <summary>Whether a line only says that an association with a peer ended (Akka puts the cause's type in the text).</summary>
    internal static bool IsAssociationEnd(Exception? exception, string text) =>
        AssociationEnded.Any(type => exception?.GetType().FullName == type || text.Contains(type, StringComparison.Ordinal));

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && formatter(state, exception) is var text && IsAssociationEnd(exception, text))
            {
                // Note: Akka writes its own level into the text too; it must not say ERROR or WARNING on an Information line.
                var info = text.Replace("[ERROR]", "[INFO]", StringComparison.Ordinal).Replace("[WARNING]", "[INFO]", StringComparison.Ordinal);
                inner.Log(LogLevel.Information, eventId, info, exception, static (t, _) => t);
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
