namespace Aggregator.Shared.Topology;

/// <summary>What a node in the tree does: a site Node, or a member of an Aggregator ring.</summary>
internal enum NodeRole
{
    Node,
    Aggregator,
}
