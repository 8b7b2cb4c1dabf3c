namespace Aggregator.Shared.Actors;

/// <summary>
/// Delivered to an actor that watches <see cref="ActorRef"/> (see <see cref="IActorContext.Watch"/>)
/// once that actor has stopped, as Akka's <c>Terminated</c>. It is delivered exactly once per watch,
/// after the watched actor's PostStop. An actor that watches and does not handle it fails with
/// <see cref="DeathPactException"/>, as in Akka.
/// </summary>
public sealed record Terminated(IActorRef ActorRef);
