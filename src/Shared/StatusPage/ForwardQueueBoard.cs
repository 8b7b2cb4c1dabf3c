using System.Collections.Concurrent;

namespace Aggregator.Shared.StatusPage;

/// <summary>One upstream member's durable forward queue as the status page shows it.</summary>
internal sealed record ForwardQueueStatus(string Member, long Batches, long Bytes, long DroppedBatches);

/// <summary>The forward queue of every upstream member, written by its forwarder whenever the queue changes. Thread-safe.</summary>
internal sealed class ForwardQueueBoard
{
    private readonly ConcurrentDictionary<string, ForwardQueueStatus> _queues = new(StringComparer.Ordinal);

    public void Update(string member, long batches, long bytes, long droppedBatches) =>
        _queues[member] = new ForwardQueueStatus(member, batches, bytes, droppedBatches);

    public IReadOnlyList<ForwardQueueStatus> Snapshot() => [.. _queues.Values.OrderBy(q => q.Member, StringComparer.Ordinal)];
}
