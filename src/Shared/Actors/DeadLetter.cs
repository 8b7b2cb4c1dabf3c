namespace Aggregator.Shared.Actors;

/// <summary>
/// A message that could not be delivered: its recipient had stopped, its mailbox was full, or it was a
/// reply to an ask that had already completed. Given to subscribers of
/// <see cref="ActorSystem.SubscribeDeadLetters"/>.
/// </summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);
