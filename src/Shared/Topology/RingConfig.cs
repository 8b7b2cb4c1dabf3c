namespace Aggregator.Shared.Topology;

/// <summary>A shard ring of Aggregators (<c>aggregator.rings.NAME</c>).</summary>
internal sealed record RingConfig
{
    public required string Name { get; init; }

    /// <summary>Virtual shards; a series' shard is a hash of its labels without the site label.</summary>
    public required int Shards { get; init; }

    /// <summary>How many members hold each shard.</summary>
    public required int ReplicationFactor { get; init; }

    /// <summary>Member node ids (static membership); empty when <see cref="Dns"/> is used.</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>A DNS name (host:port) resolving to the members, e.g. a headless Service.</summary>
    public string? Dns { get; init; }

    /// <summary>Absolute paths of Prometheus rule files evaluated on this ring.</summary>
    public required IReadOnlyList<string> RuleFiles { get; init; }

    /// <summary>The ring this ring forwards to (an intermediate tier), or null for the top.</summary>
    public string? Parent { get; init; }

    /// <summary>The tree's limits with this ring's <c>limits</c> block over them.</summary>
    public LimitsConfig Limits { get; init; } = LimitsConfig.Default;
}
