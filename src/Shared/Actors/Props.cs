namespace Aggregator.Shared.Actors;

/// <summary>
/// How to create an actor (Akka's <c>Props</c>): a factory called for the first instance and again for
/// every restart, plus the mailbox and the strategy the actor applies to its own children. Immutable;
/// one Props can spawn many actors.
/// </summary>
public sealed record Props
{
    private Props(Func<ActorBase> factory, Type actorType)
    {
        Factory = factory;
        ActorType = actorType;
    }

    /// <summary>The actor's type, for diagnostics.</summary>
    public Type ActorType { get; }

    /// <summary>The user queue of actors made from these props.</summary>
    public MailboxOptions Mailbox { get; init; } = MailboxOptions.Default;

    /// <summary>
    /// Strategy for the children of actors made from these props, unless the actor overrides
    /// <c>ActorBase.ChildSupervisorStrategy</c>; null means <see cref="SupervisorStrategy.Default"/>.
    /// </summary>
    public SupervisorStrategy? SupervisorStrategy { get; init; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props that build each instance with <paramref name="factory"/> (it must return a new instance each call).</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor));
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new()
        => new(static () => new TActor(), typeof(TActor));

    /// <summary>A copy with another user queue.</summary>
    public Props WithMailbox(int capacity, MailboxOverflow overflow = MailboxOverflow.DropNewest)
        => this with { Mailbox = new MailboxOptions(capacity, overflow) };

    /// <summary>A copy whose actors supervise their children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };
}
