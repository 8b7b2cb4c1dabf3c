namespace Aggregator.Shared.Actors;

/// <summary>
/// The timers of one actor (see <see cref="ITimerScheduler"/>); used only on the actor's own run, while
/// the timers fire on the <see cref="TimeProvider"/>'s threads and only enqueue their entry.
/// </summary>
internal sealed class TimerScheduler(ActorCell owner) : ITimerScheduler
{
    private readonly Dictionary<object, TimerEntry> _timers = [];

    public void StartSingleTimer(object key, object message, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timer delay cannot be negative.");
        }
        Start(key, message, delay, Timeout.InfiniteTimeSpan, periodic: false);
    }

    public void StartPeriodicTimer(object key, object message, TimeSpan interval, TimeSpan? initialDelay = null)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A periodic timer needs a positive interval.");
        }
        if (initialDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initialDelay), initialDelay, "A timer delay cannot be negative.");
        }
        Start(key, message, initialDelay ?? interval, interval, periodic: true);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Dispose();
        }
        _timers.Clear();
    }

    /// <summary>
    /// Accepts a tick if its entry is still the active timer for its key; a single timer ends here.
    /// Ticks of cancelled or replaced timers, already queued, are discarded.
    /// </summary>
    public bool TryTake(TimerEntry entry)
    {
        if (!_timers.TryGetValue(entry.Key, out var current) || current != entry)
        {
            return false;
        }
        if (!entry.Periodic)
        {
            _timers.Remove(entry.Key);
            entry.Dispose();
        }
        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var entry = new TimerEntry(owner.Self, key, message, periodic);
        _timers[key] = entry;
        entry.Start(owner.System.TimeProvider, dueTime, period);
    }
}
