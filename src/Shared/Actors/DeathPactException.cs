namespace Aggregator.Shared.Actors;

/// <summary>
/// Thrown inside an actor that received <see cref="Terminated"/> for an actor it watched and did not
/// handle it (Akka's death pact); the default decider stops the actor.
/// </summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Watched actor {deadActor.Path} terminated and the Terminated message was not handled")
{
    /// <summary>The watched actor that stopped.</summary>
    public IActorRef DeadActor { get; } = deadActor;
}
