namespace Aggregator.Shared.Topology.Validation;

/// <summary>Rings: sizes, membership (static or DNS, never both), known members, and parent rings that exist without cycles.</summary>
internal sealed class RingValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        var ringNames = topology.Rings.Select(r => r.Name).ToList();
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ring in topology.Rings)
        {
            var path = TopologyValidationContext.RingPath(ring.Name);
            if (ring.Shards < 1)
            {
                context.Error(path + ".shards", $"expected at least 1 shard, got {ring.Shards}");
            }
            if (ring.Members.Count > 0 && ring.Dns is not null)
            {
                context.Error(path + ".dns", "set either members or dns, not both");
            }
            else if (ring.Members.Count == 0 && ring.Dns is null)
            {
                context.Error(path + ".members", "missing required key 'members' (a list of node ids) or 'dns' (host:port of a headless Service)");
            }
            if (ring.Dns is not null && !IsHostPort(ring.Dns))
            {
                context.Error(path + ".dns", $"expected host:port, got \"{ring.Dns}\"");
            }
            // Note: the key no longer applies (every member holds the whole view, check config warns), so only nonsense is an error.
            if (ring.ReplicationFactor < 1)
            {
                context.Error(path + ".replication-factor", $"expected at least 1, got {ring.ReplicationFactor}");
            }
            CheckMembers(topology, ring, path, memberOf, context);
            if (ring.Parent is not null && topology.FindRing(ring.Parent) is null)
            {
                context.Error(path + ".parent", $"parent ring '{ring.Parent}' does not exist{DidYouMean.Hint(ring.Parent, ringNames)}");
            }
        }
        CheckParentCycles(topology, context);
    }

    private static void CheckMembers(TopologyConfig topology, RingConfig ring, string path, Dictionary<string, string> memberOf, TopologyValidationContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ring.Members.Count; i++)
        {
            var id = ring.Members[i];
            var memberPath = $"{path}.members[{i}]";
            if (!seen.Add(id))
            {
                context.Error(memberPath, $"duplicate member '{id}'");
                continue;
            }
            if (memberOf.TryGetValue(id, out var other))
            {
                context.Error(memberPath, $"node '{id}' is already a member of ring '{other}'");
            }
            memberOf.TryAdd(id, ring.Name);
            var node = topology.FindNode(id);
            if (node is null)
            {
                if (!context.UnreadableNodes.Contains(id))
                {
                    context.Error(memberPath, $"unknown node '{id}'{DidYouMean.Hint(id, topology.Nodes.Select(n => n.Id))}");
                }
            }
            else if (node.Role != NodeRole.Aggregator)
            {
                context.Error(memberPath, $"node '{id}' has role 'node'; ring members must have role 'aggregator'");
            }
            else if (node.Ring != ring.Name)
            {
                context.Error(memberPath, $"node '{id}' is listed here but its ring is '{node.Ring ?? "(none)"}'");
            }
        }
    }

    private static void CheckParentCycles(TopologyConfig topology, TopologyValidationContext context)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in topology.Rings)
        {
            var chain = new List<string> { start.Name };
            var current = start;
            while (current.Parent is { } parent && topology.FindRing(parent) is { } next)
            {
                int loop = chain.IndexOf(next.Name);
                if (loop >= 0)
                {
                    var cycle = chain.Skip(loop).Append(next.Name).ToList();
                    if (cycle.Skip(1).All(reported.Add))
                    {
                        context.Error(TopologyValidationContext.RingPath(current.Name) + ".parent", $"parent cycle: {string.Join(" -> ", cycle)}");
                    }
                    break;
                }
                chain.Add(next.Name);
                current = next;
            }
        }
    }

    private static bool IsHostPort(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), out var port) && port > 0;
    }
}
