namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Thrown by a remote-write sink that refuses a batch for a reason the writer should see: the receiver
/// answers <see cref="StatusCode"/> with the message as its body (429: a limit, so Prometheus-style
/// senders back off; 503: not now, retried from the sender's queue).
/// </summary>
public sealed class RemoteWriteRefusedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
