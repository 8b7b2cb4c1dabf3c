using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Whether the forwarder's durable queue takes data now, shared by the forwarder (which sets it) and the
/// receivers whose data ends up in that queue (a Node's push ingestion, a region ring's receive path),
/// which answer 503 with Retry-After while it does not: a writer keeps its data and retries, instead of
/// getting a 204 for data that would only be held in memory or dropped. Thread-safe.
/// </summary>
internal sealed class ForwardQueueHealth
{
    /// <summary>What a refused writer is told to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private volatile string? _failure;

    /// <summary>True unless the last write to the queue's disk failed and what it holds is not on disk yet.</summary>
    public bool TakesData => _failure is null;

    /// <summary>Throws the 503 refusal while the queue does not take data.</summary>
    public void ThrowIfRefusing()
    {
        if (_failure is { } failure)
        {
            throw new RemoteWriteRefusedException(503,
                $"the forward queue cannot write to its disk ({failure}); retry later", RetryAfter, "forward_queue_disk");
        }
    }

    internal void Failed(string error) => _failure = error;

    internal void Recovered() => _failure = null;
}
