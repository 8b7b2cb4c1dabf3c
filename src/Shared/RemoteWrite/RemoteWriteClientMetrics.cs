namespace Aggregator.Shared.RemoteWrite;

/// <summary>Counters of a <see cref="RemoteWriteClient"/> (thread-safe; exported by the host's /metrics).</summary>
public sealed class RemoteWriteClientMetrics
{
    private long _sentBatches;
    private long _sentBytes;
    private long _retries;
    private long _droppedBatches;
    private long _gaveUp;

    public long SentBatches => Interlocked.Read(ref _sentBatches);

    /// <summary>Compressed bytes of the batches sent.</summary>
    public long SentBytes => Interlocked.Read(ref _sentBytes);

    /// <summary>Attempts that failed retryably and were retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Batches dropped because the receiver answered a non-retryable 4xx.</summary>
    public long DroppedBatches => Interlocked.Read(ref _droppedBatches);

    /// <summary>Sends that ended after <see cref="RemoteWriteClientOptions.MaxAttempts"/> retryable failures.</summary>
    public long GaveUp => Interlocked.Read(ref _gaveUp);

    internal void OnSent(int bytes)
    {
        Interlocked.Increment(ref _sentBatches);
        Interlocked.Add(ref _sentBytes, bytes);
    }

    internal void OnRetry() => Interlocked.Increment(ref _retries);

    internal void OnDropped() => Interlocked.Increment(ref _droppedBatches);

    internal void OnGaveUp() => Interlocked.Increment(ref _gaveUp);
}
