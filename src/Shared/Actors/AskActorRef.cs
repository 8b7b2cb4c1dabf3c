namespace Aggregator.Shared.Actors;

/// <summary>
/// The temporary sender of an ask (Akka's <c>PromiseActorRef</c>): the first message told to it
/// completes the ask; anything after that, or after the timeout, goes to dead letters.
/// </summary>
internal sealed class AskActorRef : ActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorRef _target;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    public AskActorRef(ActorRef target, object message, TimeSpan timeout)
        : base(target.System, target.Path + "/$ask")
    {
        _target = target;
        _messageType = message.GetType();
        _timeout = timeout;
    }

    public Task<object> Reply => _reply.Task;

    public void Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timer = System.TimeProvider.CreateTimer(static state => ((AskActorRef)state!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static state => ((AskActorRef)state!).OnCancelled(), this);
        }
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool completed = message is Status.Failure failure
            ? _reply.TrySetException(failure.Cause)
            : _reply.TrySetResult(message);
        if (!completed)
        {
            System.PublishDeadLetter(message, sender ?? System.DeadLetters, this);
            return;
        }
        Cleanup();
    }

    internal override void SendSystem(SystemMessage message)
    {
        // Note: an ask reference cannot be watched; it has no lifecycle beyond its one reply.
    }

    private void OnTimeout()
    {
        if (_reply.TrySetException(new AskTimeoutException(
            $"Ask of {_messageType.Name} to {_target.Path} timed out after {_timeout}; a late reply goes to dead letters.")))
        {
            Cleanup();
        }
    }

    private void OnCancelled()
    {
        if (_reply.TrySetCanceled())
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
