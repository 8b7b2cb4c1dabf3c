namespace Aggregator.Shared.Actors;

/// <summary>
/// A user message that stops the actor when it is processed, as Akka's <c>PoisonPill</c>: messages told
/// before it are handled first, messages after it go to dead letters. Use
/// <see cref="IActorContext.Stop"/> or <see cref="ActorSystem.Stop"/> to stop without waiting in line.
/// </summary>
public sealed class PoisonPill : AutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The only instance.</summary>
    public static PoisonPill Instance { get; } = new();
}
