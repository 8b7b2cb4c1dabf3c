using Aggregator.Shared.Http;
using System.Text;

namespace Aggregator.Shared.Topology;

/// <summary>A one-screen text view of the tree: rings with their members, then what forwards into each ring.</summary>
internal static class TopologySummary
{
    public static string Render(TopologyConfig topology)
    {
        var text = new StringBuilder();
        int aggregators = topology.Nodes.Count(n => n.Role == NodeRole.Aggregator);
        int sites = topology.Nodes.Count - aggregators;
        int sources = topology.Nodes.Sum(n => n.Sources.Count);
        text.AppendLine($"{topology.SourceFile}: OK ({topology.Rings.Count} ring(s), {aggregators} aggregator(s), {sites} site node(s), {sources} source(s))");
        text.AppendLine($"site-label = {topology.SiteLabel}, lookback = {DurationText.Format(topology.Lookback)}"
            + (topology.Security.ServesTls ? ", TLS on" : "") + (topology.Security.ServerAuth.IsNone ? "" : ", auth on"));
        foreach (var ring in topology.Rings.Where(r => r.Parent is null || topology.FindRing(r.Parent) is null))
        {
            AppendRing(text, topology, ring, 0);
        }
        return text.ToString();
    }

    private static void AppendRing(StringBuilder text, TopologyConfig topology, RingConfig ring, int depth)
    {
        var indent = new string(' ', depth * 2);
        var members = ring.Dns is null ? string.Join(' ', ring.Members) : "dns " + ring.Dns;
        text.AppendLine($"{indent}ring {ring.Name}: {ring.Shards} shards, replication {ring.ReplicationFactor}, members {members}{Rules(topology, ring.RuleFiles)}");
        foreach (var member in topology.MembersOf(ring))
        {
            text.AppendLine($"{indent}  aggregator {member.Id} {UrlRedaction.Redact(member.Url)}{Listen(member)}");
        }
        foreach (var child in topology.Rings.Where(r => r.Parent == ring.Name && r != ring))
        {
            AppendRing(text, topology, child, depth + 1);
        }
        foreach (var node in topology.Nodes.Where(n => n.Role == NodeRole.Node && n.Parent == ring.Name))
        {
            text.AppendLine($"{indent}  <- node {node.Id} (site {node.Site}) {UrlRedaction.Redact(node.Url)}{Listen(node)}{Rules(topology, node.RuleFiles)}");
            foreach (var source in node.Sources)
            {
                var replicas = source.Urls.Count > 1 ? $"HA x{source.Urls.Count}" : UrlRedaction.Redact(source.Urls.FirstOrDefault());
                var match = source.Match.Count == 0 ? "rule selectors" : string.Join(' ', source.Match);
                text.AppendLine($"{indent}       source {source.Name}: {replicas}, every {DurationText.Format(source.Interval)} (timeout {DurationText.Format(source.Timeout)}), match {match}");
            }
        }
    }

    private static string Listen(NodeConfig node) => node.Listen == node.Url ? "" : $" (listens on {UrlRedaction.Redact(node.Listen)})";

    private static string Rules(TopologyConfig topology, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return "";
        }
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(topology.SourceFile)) ?? "";
        return ", rules " + string.Join(' ', files.Select(f => Path.GetRelativePath(baseDirectory, f)));
    }
}
