namespace Aggregator.Shared.Actors;

/// <summary>
/// Base of every reference the system hands out (local actors, dead letters, ask replies); gives the
/// core access to the owning system and to the system-message path that <see cref="IActorRef"/> hides.
/// </summary>
internal abstract class ActorRef(ActorSystem system, string path) : IActorRef
{
    public ActorSystem System { get; } = system;

    public string Path { get; } = path;

    public abstract void Tell(object message, IActorRef? sender = null);

    /// <summary>Posts a system message; references without a mailbox answer what they can at once.</summary>
    internal abstract void SendSystem(SystemMessage message);

    public override string ToString() => Path;
}
