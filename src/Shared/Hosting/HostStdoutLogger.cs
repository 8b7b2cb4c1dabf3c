using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Akka's "stdout" logger (<c>akka.stdout-logger-class</c>), routed into the host's logging once the
/// ActorSystem runs (<see cref="RouteTo"/>). Akka writes through this logger whenever its configured
/// loggers do not run: before they start, and on every stop after it stopped them — then it also drains
/// to it every event still queued in their mailbox, at any level (Akka's <c>LoggerMailbox.CleanUp</c>),
/// which is why a stopping cluster member printed raw "[INFO] Remoting shut down" lines on the console
/// whatever <c>stdout-loglevel</c> said. Routed here, those lines get the host's levels, filters and format.
/// </summary>
internal sealed class HostStdoutLogger : MinimalLogger
{
    private volatile ILoggerFactory? _sink;

    /// <summary>From now on, events go to <paramref name="loggers"/> (with the category of the class that logged).</summary>
    public void RouteTo(ILoggerFactory loggers) => _sink = loggers;

    protected override void Log(object message)
    {
        if (message is not LogEvent logEvent)
        {
            return;
        }
        var level = Level(logEvent.LogLevel());
        var sink = _sink;
        if (sink is null)
        {
            // Note: before the host's logging is wired (an ActorSystem that fails to start): only what matters, to stderr.
            if (level >= LogLevel.Warning)
            {
                Console.Error.WriteLine(logEvent.ToString());
            }
            return;
        }
        try
        {
            var logger = sink.CreateLogger(Category(logEvent.LogClass));
            if (logger.IsEnabled(level))
            {
                logger.Log(level, default, $"[{logEvent.LogSource}] {logEvent.Message}", (logEvent as Error)?.Cause, static (text, _) => text);
            }
        }
        catch (ObjectDisposedException)
        {
            // Note: the host already disposed its logging (the very end of a stop): nothing is left to write to.
        }
    }

    /// <summary>The class that logged; "Akka" for a source given only by name (Akka's placeholder class).</summary>
    private static string Category(Type? logClass) =>
        logClass?.FullName is { } name && !name.StartsWith("Akka.Event.DummyClass", StringComparison.Ordinal) ? name : "Akka";

    private static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        AkkaLogLevel.ErrorLevel => LogLevel.Error,
        _ => LogLevel.None,
    };
}
