using System.Text.Json;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using static Aggregator.Shared.Http.JsonWrites;

namespace Aggregator.Shared.Http;

/// <summary>
/// <c>/api/v1/topology</c>: the tree as this node sees it, in Prometheus's API envelope
/// (<c>{"status":"success","data":...}</c>). Credential file paths are not exposed. On a Node each of its own
/// sources also shows the <c>match[]</c> it is polled with and its live status from the <see cref="SourceStatusBoard"/>.
/// </summary>
internal static class TopologyEndpoint
{
    public static IEndpointConventionBuilder MapTopology(this IEndpointRouteBuilder endpoints, NodeContext node) =>
        endpoints.MapGet("/api/v1/topology", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            var board = context.RequestServices.GetService<SourceStatusBoard>();
            // Note: after a configuration reload, the tree as reloaded.
            var current = context.RequestServices.GetService<IReloadStatus>()?.Current ?? node;
            await context.Response.Body.WriteAsync(Render(current, board), context.RequestAborted);
        });

    public static byte[] Render(NodeContext node, SourceStatusBoard? board = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var topology = node.Topology;
            json.WriteStartObject();
            json.WriteString("status", "success");
            json.WriteStartObject("data");
            json.WriteString("self", node.Node.Id);
            json.WriteString("role", node.Role == NodeRole.Node ? "node" : "aggregator");
            WriteNullable(json, "upstream", node.Upstream?.Name);
            json.WriteString("siteLabel", topology.SiteLabel);
            json.WriteString("lookback", DurationText.Format(topology.Lookback));
            json.WriteStartArray("rings");
            foreach (var ring in topology.Rings)
            {
                WriteRing(json, topology, ring);
            }
            json.WriteEndArray();
            json.WriteStartArray("nodes");
            foreach (var other in topology.Nodes)
            {
                WriteNode(json, topology, other, other.Id == node.Node.Id ? board ?? Unpolled : null);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteRing(Utf8JsonWriter json, TopologyConfig topology, RingConfig ring)
    {
        json.WriteStartObject();
        json.WriteString("name", ring.Name);
        json.WriteNumber("shards", ring.Shards);
        json.WriteNumber("replicationFactor", ring.ReplicationFactor);
        WriteStrings(json, "members", ring.Members);
        WriteNullable(json, "dns", ring.Dns);
        WriteNullable(json, "parent", ring.Parent);
        WriteStrings(json, "ruleFiles", RelativeRuleFiles(topology, ring.RuleFiles));
        json.WriteEndObject();
    }

    // Note: a node whose runtime has not registered its sources yet shows them with no effective match and no status.
    private static readonly SourceStatusBoard Unpolled = new();

    private static void WriteNode(Utf8JsonWriter json, TopologyConfig topology, NodeConfig node, SourceStatusBoard? sources)
    {
        json.WriteStartObject();
        json.WriteString("id", node.Id);
        json.WriteString("role", node.Role == NodeRole.Node ? "node" : "aggregator");
        json.WriteString("url", UrlRedaction.Redact(node.Url));
        WriteNullable(json, "ring", node.Ring);
        WriteNullable(json, "parent", node.Parent);
        if (node.Role == NodeRole.Node)
        {
            json.WriteString("site", node.Site);
        }
        WriteStrings(json, "ruleFiles", RelativeRuleFiles(topology, node.RuleFiles));
        if (sources is not null)
        {
            json.WriteStartArray("sources");
            foreach (var source in node.Sources)
            {
                json.WriteStartObject();
                json.WriteString("name", source.Name);
                WriteStrings(json, "urls", source.Urls.Select(UrlRedaction.Redact));
                WriteStrings(json, "match", source.Match);
                json.WriteString("interval", DurationText.Format(source.Interval));
                json.WriteString("timeout", DurationText.Format(source.Timeout));
                json.WriteBoolean("honorLabels", source.HonorLabels);
                WriteStrings(json, "replicaLabels", source.ReplicaLabels);
                SourceStatusJson.Write(json, sources, source.Name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static IEnumerable<string> RelativeRuleFiles(TopologyConfig topology, IEnumerable<string> files)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(topology.SourceFile)) ?? "";
        return files.Select(f => Path.GetRelativePath(baseDirectory, f));
    }
}
