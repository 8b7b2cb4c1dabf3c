namespace Aggregator.Shared.Actors;

/// <summary>
/// Messages of the system queue: lifecycle, supervision and death watch. They are processed before
/// any user message and again between user messages (Akka's <c>SystemMessage</c>s).
/// </summary>
internal abstract class SystemMessage;

/// <summary>Construct the actor and run PreStart; always the first message of a new cell.</summary>
internal sealed class CreateActor : SystemMessage
{
    public static readonly CreateActor Instance = new();
}

/// <summary>Replace the failed actor instance (PreRestart, new instance, PostRestart).</summary>
internal sealed class RecreateActor(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>Continue a failed actor with its state as it is.</summary>
internal sealed class ResumeActor : SystemMessage
{
    public static readonly ResumeActor Instance = new();
}

/// <summary>Stop the actor: children first, then PostStop, then watchers are told.</summary>
internal sealed class StopActor : SystemMessage
{
    public static readonly StopActor Instance = new();
}

/// <summary>A child failed; its parent decides with its supervisor strategy.</summary>
internal sealed class Failed(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary>Asks the receiving actor (the watchee) to notify <see cref="Watcher"/> when it stops.</summary>
internal sealed class Watch(ActorRef watcher) : SystemMessage
{
    public ActorRef Watcher { get; } = watcher;
}

/// <summary>Cancels a <see cref="Watch"/>.</summary>
internal sealed class Unwatch(ActorRef watcher) : SystemMessage
{
    public ActorRef Watcher { get; } = watcher;
}

/// <summary>Tells a parent or watcher that <see cref="Subject"/> has stopped.</summary>
internal sealed class DeathWatchNotification(ActorRef subject) : SystemMessage
{
    public ActorRef Subject { get; } = subject;
}
