namespace Aggregator.Shared.Actors;

/// <summary>
/// A handle to an actor: the only way to talk to it. Maps to Akka's <c>IActorRef</c>.
/// </summary>
/// <remarks>
/// A reference stays valid after the actor stops; messages told to a stopped actor go to the
/// system's dead letters (counted in <see cref="ActorSystem.DeadLetterCount"/>). References compare
/// by identity of the actor incarnation, not by path.
/// </remarks>
public interface IActorRef
{
    /// <summary>The actor's path, e.g. <c>/user/site/scraper-1</c>; for diagnostics only.</summary>
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> in the actor's user mailbox and returns at once (fire and
    /// forget, Akka's <c>Tell</c>). Messages from one sender to one receiver arrive in the order told.
    /// </summary>
    /// <param name="message">Any non-null object; it should be immutable.</param>
    /// <param name="sender">Seen by the receiver as <see cref="IActorContext.Sender"/>; null means no
    /// sender (the receiver sees the dead-letter reference, as in Akka).</param>
    void Tell(object message, IActorRef? sender = null);
}
