using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Actors;

/// <summary>
/// A hierarchy of actors sharing a clock, a dead-letter sink and the thread pool (Akka's
/// <c>ActorSystem</c>). Top-level actors are children of the <c>/user</c> guardian, which supervises
/// them with <see cref="ActorSystemSettings.GuardianStrategy"/>.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly DeadLetterActorRef _deadLetters;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _subscribersLock = new();
    private IActorRef[] _deadLetterSubscribers = [];
    private long _deadLetterCount;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        settings.Validate();
        Name = name;
        Settings = settings;
        _deadLetters = new DeadLetterActorRef(this);
        var guardianStrategy = settings.GuardianStrategy ?? SupervisorStrategy.Default;
        _guardian = new ActorCell(this, Props.Create(() => new GuardianActor(guardianStrategy)), null, "/user", "user");
        _guardian.Self.SendSystem(CreateActor.Instance);
    }

    /// <summary>The system's name, for diagnostics.</summary>
    public string Name { get; }

    /// <summary>The settings it was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The clock of every timer, ask timeout and backoff in this system.</summary>
    public TimeProvider TimeProvider => Settings.TimeProvider;

    /// <summary>Where undeliverable messages go; also the sender seen when a message has none.</summary>
    public IActorRef DeadLetters => _deadLetters;

    /// <summary>Messages that could not be delivered since the system started.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Completes once the guardian and so every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger Log => Settings.Logger;

    /// <summary>Creates a system with the given settings (default: system clock, throughput 30).</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
        => new(name, settings ?? new ActorSystemSettings());

    /// <summary>Creates a system on <paramref name="timeProvider"/> with default settings otherwise.</summary>
    public static ActorSystem Create(string name, TimeProvider timeProvider)
        => new(name, new ActorSystemSettings { TimeProvider = timeProvider });

    /// <summary>Creates a top-level actor (a child of <c>/user</c>); thread-safe.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken by a live top-level actor.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.ActorOf(props, name);

    /// <summary>Stops <paramref name="actor"/> after its current message (a system message, ahead of queued user messages).</summary>
    public void Stop(IActorRef actor)
    {
        var target = actor as ActorRef
            ?? throw new ArgumentException($"{actor.Path} is not a reference of this actor system.", nameof(actor));
        target.SendSystem(StopActor.Instance);
    }

    /// <summary>Every later dead letter is also told to <paramref name="subscriber"/> as a <see cref="DeadLetter"/>.</summary>
    public void SubscribeDeadLetters(IActorRef subscriber)
    {
        lock (_subscribersLock)
        {
            _deadLetterSubscribers = [.. _deadLetterSubscribers, subscriber];
        }
    }

    /// <summary>Cancels <see cref="SubscribeDeadLetters"/>.</summary>
    public void UnsubscribeDeadLetters(IActorRef subscriber)
    {
        lock (_subscribersLock)
        {
            _deadLetterSubscribers = Array.FindAll(_deadLetterSubscribers, s => !ReferenceEquals(s, subscriber));
        }
    }

    /// <summary>Stops every actor (children before parents) and completes when all have stopped.</summary>
    public Task Terminate()
    {
        _guardian.Self.SendSystem(StopActor.Instance);
        return WhenTerminated;
    }

    /// <summary>Terminates the system and waits for it.</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal void PublishDeadLetter(object message, IActorRef sender, IActorRef recipient)
    {
        Interlocked.Increment(ref _deadLetterCount);
        // Note: a dead letter about a dead letter (a subscriber that stopped) is counted, not re-published.
        var subscribers = Volatile.Read(ref _deadLetterSubscribers);
        if (subscribers.Length == 0 || message is DeadLetter)
        {
            return;
        }
        var letter = new DeadLetter(message, sender, recipient);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(letter, sender);
        }
    }

    internal void OnGuardianTerminated() => _terminated.TrySetResult();
}
