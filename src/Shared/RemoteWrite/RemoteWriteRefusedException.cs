namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Thrown by a remote-write sink that cannot take a batch now, through no fault of the writer: the
/// receiver answers <see cref="StatusCode"/> (503) with the message as its body, and the writer retries
/// from its queue. A refusal for the writer's fault is a <see cref="RemoteWriteRejectedException"/>.
/// </summary>
public sealed class RemoteWriteRefusedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
