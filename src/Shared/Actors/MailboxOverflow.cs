namespace Aggregator.Shared.Actors;

/// <summary>What <see cref="IActorRef.Tell"/> does when the receiver's bounded user queue is full.</summary>
/// <remarks>
/// Tell never blocks the sender (an actor that blocks its thread stalls every actor sharing the pool),
/// so unlike Akka's <c>BoundedMailbox</c> with a push timeout there is no waiting mode. Either way the
/// dropped message is counted as a dead letter, so overload is visible rather than silent.
/// </remarks>
public enum MailboxOverflow
{
    /// <summary>The new message is rejected and goes to dead letters (the queue keeps the older work).</summary>
    DropNewest,

    /// <summary>The oldest queued message goes to dead letters to make room (freshest data wins).</summary>
    DropOldest,
}
