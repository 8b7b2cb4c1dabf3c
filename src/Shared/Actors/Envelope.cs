namespace Aggregator.Shared.Actors;

/// <summary>A user message with its sender, as stored in a mailbox; a struct so Tell does not allocate.</summary>
internal readonly struct Envelope(object message, IActorRef sender)
{
    public readonly object Message = message;

    public readonly IActorRef Sender = sender;
}
