namespace Aggregator.Shared.Actors;

/// <summary>
/// One started timer. The entry itself is what the timer enqueues, so a tick allocates nothing; the
/// owner delivers <see cref="Message"/> only if this entry is still the active timer for its key.
/// </summary>
internal sealed class TimerEntry : AutoReceivedMessage, IDisposable
{
    private readonly IActorRef _owner;
    private ITimer? _timer;

    public TimerEntry(IActorRef owner, object key, object message, bool periodic)
    {
        _owner = owner;
        Key = key;
        Message = message;
        Periodic = periodic;
    }

    public object Key { get; }

    public object Message { get; }

    public bool Periodic { get; }

    public void Start(TimeProvider time, TimeSpan dueTime, TimeSpan period)
        => _timer = time.CreateTimer(static state => ((TimerEntry)state!).Fire(), this, dueTime, period);

    public void Dispose() => _timer?.Dispose();

    private void Fire() => _owner.Tell(this);
}
