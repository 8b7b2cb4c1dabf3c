namespace Aggregator.Shared.Topology;

/// <summary>One process in the tree (<c>aggregator.nodes.ID</c>).</summary>
internal sealed record NodeConfig
{
    public const int DefaultClusterPort = 4053;

    public required string Id { get; init; }

    public required NodeRole Role { get; init; }

    /// <summary>How others reach this node.</summary>
    public required Uri Url { get; init; }

    /// <summary>Where it listens; <see cref="Url"/> unless <c>listen</c> is given.</summary>
    public required Uri Listen { get; init; }

    /// <summary>For aggregators: the ring it is a member of.</summary>
    public string? Ring { get; init; }

    /// <summary>For aggregators: the Akka.Cluster (remoting) port on <see cref="Url"/>'s host.</summary>
    public int ClusterPort { get; init; } = DefaultClusterPort;

    /// <summary>For site nodes: the ring it forwards to.</summary>
    public string? Parent { get; init; }

    /// <summary>The site name added as the site label; the id unless <c>site</c> is given.</summary>
    public required string Site { get; init; }

    /// <summary>Absolute paths of Prometheus rule files evaluated on this node.</summary>
    public required IReadOnlyList<string> RuleFiles { get; init; }

    /// <summary>Prometheus servers this node polls.</summary>
    public required IReadOnlyList<SourceConfig> Sources { get; init; }

    /// <summary>
    /// This node's limits: its <c>limits</c> block over its ring's (ring members) or the tree's. For a site
    /// node, <see cref="LimitsConfig.SeriesPerSite"/> is what its parent ring allows the site.
    /// </summary>
    public LimitsConfig Limits { get; init; } = LimitsConfig.Default;

    /// <summary>The bound of the durable queue of what this node forwards to its parent ring (<c>forward-queue</c>).</summary>
    public ForwardQueueConfig ForwardQueue { get; init; } = ForwardQueueConfig.Default;

    /// <summary>A site node's credential (<c>credentials</c>): what it presents, and what lets a writer write its site's series.</summary>
    public AuthConfig Credentials { get; init; } = AuthConfig.None;
}
