namespace Aggregator.Shared.Actors;

/// <summary>Request-reply and forwarding on top of <see cref="IActorRef.Tell"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Tells <paramref name="message"/> with a temporary sender and returns its first reply (Akka's
    /// <c>Ask</c>). The ask faults with <see cref="AskTimeoutException"/> if no reply arrives within
    /// <paramref name="timeout"/> on the system's <see cref="TimeProvider"/>, with the cause of a
    /// <see cref="Status.Failure"/> reply, or with <see cref="InvalidCastException"/> naming both types if
    /// the reply is not a <typeparamref name="T"/>. Replies after completion go to dead letters.
    /// Prefer Tell between actors: an actor awaiting an ask inside its handler blocks its mailbox.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask timeout must be positive.");
        }
        var recipient = target as ActorRef
            ?? throw new ArgumentException($"{target.Path} is not a reference of this actor system.", nameof(target));
        var ask = new AskActorRef(recipient, message, timeout);
        ask.Start(timeout, cancellationToken);
        recipient.Tell(message, ask);
        object reply = await ask.Reply.ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask of {message.GetType().Name} to {target.Path} expected a {typeof(T).Name} reply but got {reply.GetType().Name}.");
    }

    /// <summary>Tells <paramref name="message"/> keeping the original sender (Akka's <c>Forward</c>).</summary>
    public static void Forward(this IActorRef target, object message, IActorContext context)
        => target.Tell(message, context.Sender);
}
