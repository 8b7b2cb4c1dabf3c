namespace Aggregator.Shared.RemoteWrite;

/// <summary>How a send ended.</summary>
public enum RemoteWriteOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Sent,

    /// <summary>The receiver answered a non-retryable 4xx: the batch must be dropped (and counted).</summary>
    Dropped,

    /// <summary>Retryable failures used up <see cref="RemoteWriteClientOptions.MaxAttempts"/>: keep the batch and try later.</summary>
    GaveUp,
}
