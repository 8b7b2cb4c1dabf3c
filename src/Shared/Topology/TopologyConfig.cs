namespace Aggregator.Shared.Topology;

/// <summary>The whole tree read from topology.hocon (over the embedded reference.conf).</summary>
internal sealed record TopologyConfig
{
    /// <summary>The file it was read from (rule file paths are already absolute).</summary>
    public required string SourceFile { get; init; }

    /// <summary>The label a site adds to everything it forwards (default <c>site</c>).</summary>
    public required string SiteLabel { get; init; }

    /// <summary>A series not refreshed for this long leaves the view.</summary>
    public required TimeSpan Lookback { get; init; }

    /// <summary>Rings in file order.</summary>
    public required IReadOnlyList<RingConfig> Rings { get; init; }

    /// <summary>Nodes (site nodes and ring members) in file order.</summary>
    public required IReadOnlyList<NodeConfig> Nodes { get; init; }

    /// <summary>Authentication and TLS for this process's own endpoints and its calls to other tiers.</summary>
    public required SecurityConfig Security { get; init; }

    /// <summary>The tree's <c>limits</c> block (rings and nodes carry theirs, resolved over this one).</summary>
    public LimitsConfig Limits { get; init; } = LimitsConfig.Default;

    /// <summary>Kestrel's connection limits (<c>server</c>).</summary>
    public ServerConfig Server { get; init; } = ServerConfig.Default;

    public NodeConfig? FindNode(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    public RingConfig? FindRing(string name) => Rings.FirstOrDefault(r => r.Name == name);

    /// <summary>The static members of a ring as node configs (empty for a DNS ring).</summary>
    public IReadOnlyList<NodeConfig> MembersOf(RingConfig ring) =>
        [.. ring.Members.Select(FindNode).OfType<NodeConfig>()];

    /// <summary>Site nodes and child rings' members whose parent is <paramref name="ring"/>.</summary>
    public IReadOnlyList<NodeConfig> ChildrenOf(RingConfig ring) =>
        [.. Nodes.Where(n => n.Parent == ring.Name || (n.Ring is { } r && FindRing(r)?.Parent == ring.Name))];
}
