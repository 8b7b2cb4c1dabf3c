namespace Aggregator.Shared.Topology.Validation;

/// <summary>
/// What each ring's Akka.Cluster needs: a usable, unique cluster port per member (remoting binds the
/// member's url host at it), and sane values in the ring's <c>akka { }</c> block.
/// </summary>
internal sealed class ClusterValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        var endpoints = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in topology.Nodes.Where(n => n.Role == NodeRole.Aggregator))
        {
            var path = TopologyValidationContext.NodePath(node.Id) + ".cluster-port";
            if (node.ClusterPort is < 1 or > 65535)
            {
                context.Error(path, $"expected a port 1..65535, got {node.ClusterPort}");
                continue;
            }
            var endpoint = $"{node.Url.Host}:{node.ClusterPort}";
            if (endpoints.TryGetValue(endpoint, out var other))
            {
                context.Error(path, $"duplicate cluster endpoint {endpoint} (also node '{other}')");
            }
            endpoints.TryAdd(endpoint, node.Id);
            if (node.ClusterPort == node.Listen.Port && IsSameHost(node.Listen.Host, node.Url.Host))
            {
                context.Error(path, $"cluster port {node.ClusterPort} is also the node's HTTP listen port");
            }
        }
        foreach (var ring in topology.Rings)
        {
            var path = TopologyValidationContext.RingPath(ring.Name);
            ValidateAkka(ring.Akka, path + ".akka.cluster", context);
        }
    }

    private static void ValidateAkka(RingAkkaSettings akka, string path, TopologyValidationContext context)
    {
        Positive(akka.StableAfter, path + ".split-brain-resolver.stable-after", context);
        Positive(akka.HeartbeatInterval, path + ".failure-detector.heartbeat-interval", context);
        Positive(akka.AcceptableHeartbeatPause, path + ".failure-detector.acceptable-heartbeat-pause", context);
        Positive(akka.RetryUnsuccessfulJoinAfter, path + ".retry-unsuccessful-join-after", context);
        if (akka.Threshold is { } threshold && !(threshold > 0 && double.IsFinite(threshold)))
        {
            context.Error(path + ".failure-detector.threshold", $"expected a positive number, got {threshold}");
        }
        if (akka is { HeartbeatInterval: { } interval, AcceptableHeartbeatPause: { } pause } && pause < interval)
        {
            context.Error(path + ".failure-detector.acceptable-heartbeat-pause", $"expected at least heartbeat-interval ({interval.TotalSeconds:0.###}s), got {pause.TotalSeconds:0.###}s");
        }
    }

    private static void Positive(TimeSpan? value, string path, TopologyValidationContext context)
    {
        if (value is { } span && span <= TimeSpan.Zero)
        {
            context.Error(path, $"expected a positive duration, got {span}");
        }
    }

    private static bool IsSameHost(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || a is "0.0.0.0" or "[::]" or "::";
}
