using Akka.Actor;
using Akka.Event;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Aggregator.Shared.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Counts every dead letter (a message to an actor that is gone) and every drop (a full mailbox) on
/// <c>aggregator_dead_letters_total</c> by message type, and logs them, at most
/// <see cref="LogsPerMinute"/> lines a minute so that a flood cannot drown the log.
/// </summary>
internal sealed partial class DeadLetterCounter : ReceiveActor
{
    /// <summary>Log lines per minute at most; the rest are counted and summed up in one line.</summary>
    public const int LogsPerMinute = 10;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Counter _counter;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    public DeadLetterCounter(MetricsRegistry metrics, ILogger logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _counter = metrics.Counter("aggregator_dead_letters_total", "Messages that reached no actor (its recipient was gone) or were dropped, by message type.", "message_type");
        Receive<AllDeadLetters>(OnDeadLetter);
    }

    public static Props Props(MetricsRegistry metrics, ILogger logger, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new DeadLetterCounter(metrics, logger, time));

    private void OnDeadLetter(AllDeadLetters letter)
    {
        var type = letter.Message.GetType().Name;
        _counter.WithLabels(type).Inc();
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
            LogDeadLetter(letter is Dropped ? "dropped" : "dead letter", type, letter.Sender?.Path.ToString() ?? "none", letter.Recipient?.Path.ToString() ?? "none");
        }
        else
        {
            _suppressed++;
        }
    }

    [LoggerMessage(EventId = EventIds.DeadLetter, Level = LogLevel.Warning,
        Message = "Actor message {Kind}: {MessageType} from {Sender} to {Recipient}")]
    private partial void LogDeadLetter(string kind, string messageType, string sender, string recipient);

    [LoggerMessage(EventId = EventIds.DeadLettersSuppressed, Level = LogLevel.Warning,
        Message = "{Count} more dead letters in the last minute were counted but not logged")]
    private partial void LogSuppressed(int count);
}
