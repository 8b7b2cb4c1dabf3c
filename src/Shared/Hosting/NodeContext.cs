using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Hosting;

/// <summary>The process's part of the tree: the whole topology and the node it runs as.</summary>
internal sealed record NodeContext(TopologyConfig Topology, NodeConfig Node)
{
    public NodeRole Role => Node.Role;

    /// <summary>For aggregators: their ring; null for site nodes.</summary>
    public RingConfig? Ring => Node.Ring is { } ring ? Topology.FindRing(ring) : null;

    /// <summary>The ring this process forwards to: a site node's parent, or its ring's parent; null at the top.</summary>
    public RingConfig? Upstream => Role == NodeRole.Node
        ? (Node.Parent is { } parent ? Topology.FindRing(parent) : null)
        : (Ring?.Parent is { } ringParent ? Topology.FindRing(ringParent) : null);
}
