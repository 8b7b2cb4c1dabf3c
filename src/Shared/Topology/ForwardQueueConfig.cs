namespace Aggregator.Shared.Topology;

/// <summary>
/// A node's durable forward queue (<c>nodes.ID.forward-queue { }</c>): what it may hold on disk while its
/// parent ring is unreachable. The defaults equal reference.conf.
/// </summary>
internal sealed record ForwardQueueConfig
{
    /// <summary>The defaults of reference.conf.</summary>
    public static ForwardQueueConfig Default { get; } = new();

    /// <summary>Bytes of all segment files; beyond it the oldest segment is dropped and its batches counted.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Bytes of one segment file: the unit in which the bound drops the oldest batches.</summary>
    public long SegmentBytes { get; init; } = 16L * 1024 * 1024;
}
