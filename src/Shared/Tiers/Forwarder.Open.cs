using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Opening the durable queue. A queue that cannot be opened (a file where its directory should be, a
/// disk that refuses it) does not stop the forwarder, which would leave the rule groups telling a dead
/// actor: the open is retried with exponential backoff, each failure counted and logged (at most once a
/// minute), the node reports not ready and the receivers answer 503, and batches that arrive meanwhile
/// are held in memory (within <see cref="ForwarderSettings.MaxHeldBytes"/>) and appended once it opens.
/// </summary>
internal sealed partial class Forwarder
{
    private static readonly object OpenKey = "open";

    private IDisposable? _openHold;
    private TimeSpan _openBackoff;
    private long _openFailuresSinceLog;
    private DateTimeOffset _lastOpenFailureLog = DateTimeOffset.MinValue;

    private void TryOpenQueues()
    {
        IDurableQueue? queue = null;
        try
        {
            queue = _settings.OpenQueue(_settings.Queue);
            _parked = _settings.OpenQueue(_settings.ParkedQueue);
            _queue = queue;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            queue?.Dispose();
            OpenFailed(e.Message);
            return;
        }
        if (_openHold is not null)
        {
            LogQueueOpened(Ring, _settings.Queue.Directory);
            _openHold.Dispose();
            _openHold = null;
        }
        _openFailuresSinceLog = 0;
        // Note: batches held while it could not be opened go first, in their order.
        if (_held.Count == 0 || WriteHeld())
        {
            _settings.Health.Recovered();
        }
        UpdateQueueGauges();
        // Note: batches left from a previous run go out as soon as the members are known.
        Resolve(after: null);
    }

    private void OpenFailed(string error)
    {
        _metrics.ForwardQueueOpenFailures.WithLabels(Ring).Inc();
        var reason = $"the forward queue of ring {Ring} cannot be opened ({error})";
        _settings.Health.Failed(reason);
        _openHold ??= _settings.HoldReadiness?.Invoke(reason);
        _openFailuresSinceLog++;
        var now = _time.GetUtcNow();
        if (now - _lastOpenFailureLog >= RefusalLogInterval)
        {
            LogQueueOpenFailed(Ring, _settings.Queue.Directory, _openFailuresSinceLog, error);
            _lastOpenFailureLog = now;
            _openFailuresSinceLog = 0;
        }
        _openBackoff = _openBackoff <= TimeSpan.Zero
            ? _settings.MinBackoff
            : TimeSpan.FromTicks(Math.Min(_settings.MaxBackoff.Ticks, _openBackoff.Ticks * 2));
        Timers.StartSingleTimer(OpenKey, OpenQueues.Instance, _openBackoff);
    }

    [LoggerMessage(EventId = EventIds.ForwardQueueOpenFailed, Level = LogLevel.Error,
        Message = "Forwarding to ring {Ring}: the queue in {Directory} cannot be opened ({Count} failure(s) since the last report): {Error}; retrying with backoff, batches held in memory, not ready meanwhile")]
    private partial void LogQueueOpenFailed(string ring, string directory, long count, string error);

    [LoggerMessage(EventId = EventIds.ForwardQueueOpened, Level = LogLevel.Information,
        Message = "Forwarding to ring {Ring}: the queue in {Directory} is open now")]
    private partial void LogQueueOpened(string ring, string directory);

    private sealed class OpenQueues
    {
        public static readonly OpenQueues Instance = new();
    }
}
