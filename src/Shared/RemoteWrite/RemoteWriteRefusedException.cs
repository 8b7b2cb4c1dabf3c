namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Thrown by a remote-write sink that cannot take a batch now, through no fault of the writer: the
/// receiver answers <see cref="StatusCode"/> (503) with the message as its body and, when set, a
/// Retry-After header, counts it by <see cref="Reason"/>, and the writer retries from its queue. A refusal
/// for the writer's fault is a <see cref="RemoteWriteRejectedException"/>.
/// </summary>
public sealed class RemoteWriteRefusedException(int statusCode, string message, TimeSpan? retryAfter = null, string reason = "unavailable")
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The wait the writer is asked for (Retry-After, whole seconds), or null.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The <c>reason</c> label of <c>aggregator_remote_write_unavailable_total</c>.</summary>
    public string Reason { get; } = reason;
}
