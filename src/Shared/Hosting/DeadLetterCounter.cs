using Akka.Actor;
using Akka.Event;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Aggregator.Shared.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Counts every dead letter (a message to an actor that is gone) and every drop (a full mailbox) on
/// <c>aggregator_dead_letters_total</c> by message type, and logs them, at most
/// <see cref="LogsPerMinute"/> lines a minute so that a flood cannot drown the log. Once the system
/// shuts down, peers' gossip and timers keep addressing actors already stopped: those are still counted
/// but logged at Debug, so a clean stop prints no warning (Akka's own log-dead-letters-during-shutdown).
/// Akka's own messages (gossip, replicator status, sharding and remoting internals) are logged at
/// Information, ours at Warning: while a member leaves, its peers' protocols still address it for a
/// moment, and they repeat themselves by design, so such a dead letter is no loss of data; a message of
/// ours is. Both are counted.
/// </summary>
internal sealed partial class DeadLetterCounter : ReceiveActor
{
    /// <summary>Log lines per minute at most; the rest are counted and summed up in one line.</summary>
    public const int LogsPerMinute = 10;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Counter _counter;
    private readonly Func<bool> _shuttingDown;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    public DeadLetterCounter(MetricsRegistry metrics, ILogger logger, TimeProvider time, Func<bool>? shuttingDown = null)
    {
        _logger = logger;
        _time = time;
        _shuttingDown = shuttingDown ?? (() => CoordinatedShutdown.Get(Context.System).ShutdownReason is not null);
        _counter = metrics.Counter("aggregator_dead_letters_total", "Messages that reached no actor (its recipient was gone) or were dropped, by message type.", "message_type");
        Receive<AllDeadLetters>(OnDeadLetter);
    }

    /// <summary><paramref name="shuttingDown"/>: whether the system is stopping (default: its CoordinatedShutdown has begun).</summary>
    public static Props Props(MetricsRegistry metrics, ILogger logger, TimeProvider time, Func<bool>? shuttingDown = null) =>
        Akka.Actor.Props.Create(() => new DeadLetterCounter(metrics, logger, time, shuttingDown));

    private void OnDeadLetter(AllDeadLetters letter)
    {
        var type = letter.Message.GetType().Name;
        _counter.WithLabels(type).Inc();
        if (_shuttingDown())
        {
            LogDeadLetterDuringShutdown(type, letter.Sender?.Path.ToString() ?? "none", letter.Recipient?.Path.ToString() ?? "none");
            return;
        }
        var now = _time.GetUtcNow();
        if (now - _windowStart >= TimeSpan.FromMinutes(1))
        {
            if (_suppressed > 0)
            {
                LogSuppressed(_suppressed);
            }
            _windowStart = now;
            _logged = 0;
            _suppressed = 0;
        }
        if (_logged++ < LogsPerMinute)
        {
            var level = IsAkkasOwn(letter.Message) ? LogLevel.Information : LogLevel.Warning;
            LogDeadLetter(level, letter is Dropped ? "dropped" : "dead letter", type, letter.Sender?.Path.ToString() ?? "none", letter.Recipient?.Path.ToString() ?? "none");
        }
        else
        {
            _suppressed++;
        }
    }

    /// <summary>Whether the message (inside any envelope, e.g. an actor selection's) is one of Akka's own protocol messages.</summary>
    internal static bool IsAkkasOwn(object message)
    {
        while (message is IWrappedMessage wrapped)
        {
            message = wrapped.Message;
        }
        var ns = message.GetType().Namespace;
        return ns is not null && (ns == "Akka" || ns.StartsWith("Akka.", StringComparison.Ordinal));
    }

    [LoggerMessage(EventId = EventIds.DeadLetter, Message = "Actor message {Kind}: {MessageType} from {Sender} to {Recipient}")]
    private partial void LogDeadLetter(LogLevel level, string kind, string messageType, string sender, string recipient);

    [LoggerMessage(EventId = EventIds.DeadLetter, Level = LogLevel.Debug,
        Message = "Actor message dead letter during shutdown: {MessageType} from {Sender} to {Recipient}")]
    private partial void LogDeadLetterDuringShutdown(string messageType, string sender, string recipient);

    [LoggerMessage(EventId = EventIds.DeadLettersSuppressed, Level = LogLevel.Warning,
        Message = "{Count} more dead letters in the last minute were counted but not logged")]
    private partial void LogSuppressed(int count);
}
