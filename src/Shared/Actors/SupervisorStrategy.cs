namespace Aggregator.Shared.Actors;

/// <summary>
/// How a parent handles a failed child (Akka's <c>SupervisorStrategy</c>). When an actor throws, it is
/// suspended (it processes no more user messages) and its parent is told; the parent's strategy maps the
/// exception to a <see cref="Directive"/> with its decider and applies it to that child.
/// </summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy(Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        Decider = decider;
    }

    /// <summary>Restart on any exception except initialization failures and death pacts, which stop (Akka's default).</summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stop the child on any exception.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>Maps a child's exception to what the parent does.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Akka's default decider: Stop for <see cref="ActorInitializationException"/> and <see cref="DeathPactException"/>, else Restart.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Applies the directive for <paramref name="cause"/>; runs on the parent's mailbox.</summary>
    internal abstract void HandleFailure(ActorCell parent, ActorCell child, Exception cause);
}
