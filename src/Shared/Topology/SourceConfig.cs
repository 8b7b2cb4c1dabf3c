namespace Aggregator.Shared.Topology;

/// <summary>A Prometheus (or an HA pair of them) that a site node polls on /federate.</summary>
internal sealed record SourceConfig
{
    public required string Name { get; init; }

    /// <summary>Base URLs of the replicas of one Prometheus (an HA pair has two).</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>match[] selectors; empty means "what the node's rules select".</summary>
    public required IReadOnlyList<string> Match { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Upper bound of a random delay before each poll, so sites do not poll in lockstep.</summary>
    public required TimeSpan Jitter { get; init; }

    /// <summary>When true a site label already in the data wins over the one this node adds.</summary>
    public required bool HonorLabels { get; init; }

    /// <summary>
    /// Labels that only tell HA replicas apart (such as <c>prometheus_replica</c>), dropped from every polled
    /// series so that a failover keeps each series' identity.
    /// </summary>
    public required IReadOnlyList<string> ReplicaLabels { get; init; }

    public required long BodySizeLimit { get; init; }

    /// <summary>Maximum samples per poll; 0 means no limit.</summary>
    public required long SampleLimit { get; init; }

    public required AuthConfig Auth { get; init; }

    public required TlsClientConfig Tls { get; init; }
}
