namespace Aggregator.Shared.Actors;

/// <summary>
/// An actor's constructor, PreStart or PostRestart threw. The default decider stops such an actor
/// (Akka's rule), because restarting would most likely fail the same way.
/// </summary>
public sealed class ActorInitializationException(string actorPath, Exception inner)
    : Exception($"Actor {actorPath} failed to initialize: {inner.Message}", inner)
{
    /// <summary>The path of the actor that failed to start.</summary>
    public string ActorPath { get; } = actorPath;
}
