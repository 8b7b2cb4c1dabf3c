namespace Aggregator.Shared.Actors;

/// <summary>
/// Brings the result of async work back into an actor as a message (Akka's <c>PipeTo</c>), so that the
/// actor's state is only ever touched on its own mailbox.
/// </summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> its result (mapped by
    /// <paramref name="success"/> if given) or a <see cref="Status.Failure"/> with the exception (mapped by
    /// <paramref name="failure"/> if given); a cancelled task counts as failure with
    /// <see cref="TaskCanceledException"/>. Returns a task that completes after the message is told.
    /// </summary>
    public static async Task PipeTo<T>(
        this Task<T> task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<T, object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        object message;
        try
        {
            T result = await task.ConfigureAwait(false);
            message = success is null ? result! : success(result);
        }
        catch (Exception ex)
        {
            message = failure is null ? new Status.Failure(ex) : failure(ex);
        }
        recipient.Tell(message, sender);
    }

    /// <summary>As <see cref="PipeTo{T}"/> for a task without result: tells <see cref="Status.Success"/> (or the mapped message) on success.</summary>
    public static async Task PipeTo(
        this Task task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        object message;
        try
        {
            await task.ConfigureAwait(false);
            message = success is null ? new Status.Success(null) : success();
        }
        catch (Exception ex)
        {
            message = failure is null ? new Status.Failure(ex) : failure(ex);
        }
        recipient.Tell(message, sender);
    }
}
