namespace Aggregator.Shared.Actors;

/// <summary>
/// The bounded user queue of one actor. The system queue (lifecycle, supervision, death watch) is
/// unbounded and never drops, as in Akka, so a flooded actor can still be stopped or restarted.
/// </summary>
/// <param name="Capacity">Most user messages queued at once; at least 1.</param>
/// <param name="Overflow">What happens to a message that does not fit.</param>
public sealed record MailboxOptions(int Capacity, MailboxOverflow Overflow = MailboxOverflow.DropNewest)
{
    /// <summary>10 000 messages, newest dropped: room for bursts without unbounded memory.</summary>
    public static MailboxOptions Default { get; } = new(10_000);

    internal void Validate()
    {
        if (Capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Mailbox capacity must be at least 1.");
        }
    }
}
