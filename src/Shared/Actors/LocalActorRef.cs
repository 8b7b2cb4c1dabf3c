namespace Aggregator.Shared.Actors;

/// <summary>The reference to an actor living in this process; a thin handle on its cell.</summary>
internal sealed class LocalActorRef(ActorCell cell) : ActorRef(cell.System, cell.Path)
{
    internal ActorCell Cell { get; } = cell;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender ?? System.DeadLetters));
    }

    internal override void SendSystem(SystemMessage message) => Cell.Mailbox.PostSystem(message);
}
