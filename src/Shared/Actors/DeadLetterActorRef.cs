namespace Aggregator.Shared.Actors;

/// <summary>
/// The sink for undeliverable messages (Akka's <c>deadLetters</c>): messages told to stopped actors,
/// rejected by a full mailbox, or replies that came after an ask timed out. Each is counted and offered
/// to subscribers as a <see cref="DeadLetter"/>.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : ActorRef(system, "/deadLetters")
{
    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter)
        {
            System.PublishDeadLetter(letter.Message, letter.Sender, letter.Recipient);
            return;
        }
        System.PublishDeadLetter(message, sender ?? this, this);
    }

    internal override void SendSystem(SystemMessage message)
    {
        // Note: watching dead letters is watching something that is already gone.
        if (message is Watch watch)
        {
            watch.Watcher.SendSystem(new DeathWatchNotification(this));
        }
    }
}
