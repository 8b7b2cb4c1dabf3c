namespace Aggregator.Shared.Topology.Validation;

/// <summary>Nodes: role-specific keys, rings and parents that exist, unique sites and listen addresses.</summary>
internal sealed class NodeValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        var ringNames = topology.Rings.Select(r => r.Name).ToList();
        var sites = new Dictionary<string, string>(StringComparer.Ordinal);
        var listens = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in topology.Nodes)
        {
            var path = TopologyValidationContext.NodePath(node.Id);
            if (node.Role == NodeRole.Aggregator)
            {
                ValidateAggregator(topology, node, path, ringNames, context);
            }
            else
            {
                ValidateSiteNode(topology, node, path, ringNames, context);
                if (sites.TryGetValue(node.Site, out var other))
                {
                    context.Error(path + (node.Site == node.Id ? "" : ".site"), $"duplicate site '{node.Site}' (also node '{other}')");
                }
                sites.TryAdd(node.Site, node.Id);
            }
            var listen = $"{node.Listen.Host}:{node.Listen.Port}";
            if (listens.TryGetValue(listen, out var same))
            {
                context.Error(path + ".listen", $"duplicate listen address {listen} (also node '{same}')");
            }
            listens.TryAdd(listen, node.Id);
            if (node.Listen.AbsolutePath != "/")
            {
                context.Error(path + ".listen", $"expected a listen address without a path, got \"{node.Listen}\"");
            }
        }
    }

    private static void ValidateAggregator(TopologyConfig topology, NodeConfig node, string path, List<string> ringNames, TopologyValidationContext context)
    {
        if (node.Ring is null)
        {
            context.Error(path + ".ring", "missing required key 'ring' (the ring this aggregator is a member of)");
        }
        else if (topology.FindRing(node.Ring) is not { } ring)
        {
            context.Error(path + ".ring", $"ring '{node.Ring}' does not exist{DidYouMean.Hint(node.Ring, ringNames)}");
        }
        else if (ring.Dns is null && !ring.Members.Contains(node.Id))
        {
            context.Error(path + ".ring", $"node '{node.Id}' is not listed in the members of ring '{ring.Name}'");
        }
        if (node.Parent is not null)
        {
            context.Error(path + ".parent", "an aggregator forwards through its ring; set 'parent' on the ring instead");
        }
        if (node.Sources.Count > 0)
        {
            context.Error(path + ".sources", "only site nodes (role = node) poll sources");
        }
        if (node.Site != node.Id)
        {
            context.Error(path + ".site", "only site nodes (role = node) have a site");
        }
    }

    private static void ValidateSiteNode(TopologyConfig topology, NodeConfig node, string path, List<string> ringNames, TopologyValidationContext context)
    {
        if (node.Parent is null)
        {
            context.Error(path + ".parent", "missing required key 'parent' (the ring this node forwards to)");
        }
        else if (topology.FindRing(node.Parent) is null)
        {
            context.Error(path + ".parent", $"parent ring '{node.Parent}' does not exist{DidYouMean.Hint(node.Parent, ringNames)}");
        }
        if (node.Ring is not null)
        {
            context.Error(path + ".ring", "only aggregators are ring members; a site node sets 'parent'");
        }
        if (node.Site.Length == 0)
        {
            context.Error(path + ".site", "expected a non-empty site name");
        }
    }
}
