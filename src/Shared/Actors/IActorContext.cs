namespace Aggregator.Shared.Actors;

/// <summary>
/// The actor's view of itself and its surroundings (Akka's <c>IActorContext</c>). Use it only from the
/// actor's own message handling and lifecycle hooks: it is not thread-safe, and it must not be captured
/// in continuations (use <see cref="PipeToExtensions.PipeTo{T}"/> to bring async results back).
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's reference.</summary>
    IActorRef Self { get; }

    /// <summary>Sender of the message being processed; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor; top-level actors have the system guardian <c>/user</c>.</summary>
    IActorRef Parent { get; }

    /// <summary>A snapshot of the live children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The system this actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>Timers owned by this actor instance; all are cancelled on restart and stop.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>The live child named <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>
    /// Creates and starts a child supervised by this actor. Its constructor and PreStart run later on the
    /// child's own mailbox; messages told meanwhile are queued. Name null generates a unique one.
    /// </summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or a live sibling has it.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>
    /// Delivers <see cref="Terminated"/> once <paramref name="subject"/> stops (at once if it already
    /// has). Watching twice is one watch. Returns <paramref name="subject"/>.
    /// </summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a <see cref="Terminated"/> not yet processed is discarded.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>
    /// Stops <paramref name="actor"/> (this actor or a child) through the system queue: the message being
    /// processed finishes, then children stop, PostStop runs and watchers get <see cref="Terminated"/>.
    /// </summary>
    void Stop(IActorRef actor);
}
