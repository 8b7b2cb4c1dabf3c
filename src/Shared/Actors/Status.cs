namespace Aggregator.Shared.Actors;

/// <summary>
/// Replies that carry the outcome of an operation (Akka's <c>Status</c>): <see cref="PipeToExtensions"/>
/// sends <see cref="Failure"/> for a faulted task, and an ask that receives a <see cref="Failure"/>
/// faults with its cause.
/// </summary>
public static class Status
{
    /// <summary>The operation failed with <see cref="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);

    /// <summary>The operation succeeded, with an optional result.</summary>
    public sealed record Success(object? Result);
}
