namespace Aggregator.Shared.Actors;

/// <summary>
/// Base of every actor (Akka's <c>UntypedActor</c>). The system calls <see cref="OnReceive"/> with one
/// message at a time, never concurrently, so the actor's fields need no locks. Instances are created
/// only through <see cref="Props"/> by <see cref="IActorContext.ActorOf"/> or <see cref="ActorSystem.ActorOf"/>.
/// </summary>
/// <remarks>
/// Lifecycle, as in Akka: constructor, <see cref="PreStart"/>, messages, then on stop
/// <see cref="PostStop"/> (after all children have stopped). On restart the old instance gets
/// <see cref="PreRestart"/>, a fresh instance is built from the props and gets <see cref="PostRestart"/>.
/// An exception from a handler or hook fails the actor and its parent's strategy decides.
/// Handlers must not block: do async work with a task and <see cref="PipeToExtensions.PipeTo{T}"/>.
/// </remarks>
public abstract class ActorBase
{
    [ThreadStatic]
    private static ActorCell? t_constructing;

    private readonly ActorCell _cell;

    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">The actor was created with <c>new</c> instead of through Props.</exception>
    protected ActorBase()
    {
        _cell = t_constructing
            ?? throw new InvalidOperationException($"{GetType().Name} must be created through Props by ActorOf, not with new.");
        t_constructing = null;
    }

    /// <summary>The actor's context; valid in the constructor, handlers and hooks.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>Sender of the message being processed; dead letters when there is none.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>Handles one message; call <see cref="Unhandled"/> for messages the actor does not know.</summary>
    protected abstract void OnReceive(object message);

    /// <summary>
    /// Records a message the actor did not handle: it goes to dead letters, except an unhandled
    /// <see cref="Terminated"/>, which throws <see cref="DeathPactException"/> (Akka's rule).
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }
        _cell.System.PublishDeadLetter(message, _cell.Sender, _cell.Self);
    }

    /// <summary>
    /// The strategy this actor applies to its failed children (Akka's overridable
    /// <c>SupervisorStrategy()</c>; named differently so that <c>SupervisorStrategy.Default</c> stays usable
    /// inside actors). By default the props' strategy or <see cref="Actors.SupervisorStrategy.Default"/>.
    /// Read at each failure, from the current instance.
    /// </summary>
    protected virtual SupervisorStrategy ChildSupervisorStrategy
        => _cell.Props.SupervisorStrategy ?? Actors.SupervisorStrategy.Default;

    /// <summary>Runs before the first message (also from <see cref="PostRestart"/> by default).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs after the actor and all its children have stopped; timers are already cancelled.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before it is replaced. By default unwatches and stops all children and calls
    /// <see cref="PostStop"/>; the new instance is built once those children have stopped.
    /// </summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being processed when it failed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children)
        {
            // Note: unwatched first (as Akka does), so the new instance gets no Terminated for them.
            _cell.Unwatch(child);
            _cell.Stop(child);
        }
        PostStop();
    }

    /// <summary>Runs on the new instance after a restart. By default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    // Note: the hooks are protected (not protected internal) so that overrides look the same in every
    // assembly; the cell calls them through these.
    internal void Receive(object message) => OnReceive(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy InvokeSupervisorStrategy() => ChildSupervisorStrategy;

    internal static ActorBase Construct(ActorCell cell)
    {
        t_constructing = cell;
        try
        {
            return cell.Props.Factory();
        }
        finally
        {
            t_constructing = null;
        }
    }
}
