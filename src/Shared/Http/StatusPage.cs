using System.Net;
using System.Text;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Http;

/// <summary><c>GET /</c>: a small HTML page saying what this process is, whether it is ready, and where to look.</summary>
internal static class StatusPage
{
    public static IEndpointConventionBuilder MapStatusPage(this IEndpointRouteBuilder endpoints, NodeContext node, ReadinessGate gate) =>
        endpoints.MapGet("/", (EndpointDataSource all) => Results.Content(Render(node, gate, Links(all.Endpoints)), "text/html; charset=utf-8"));

    /// <summary>Every GET-able route without parameters, for the page's link list.</summary>
    public static List<string> Links(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => p.Length > 1 && !p.Contains('{'))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    public static string Render(NodeContext node, ReadinessGate gate, IReadOnlyList<string> links)
    {
        var role = node.Role == NodeRole.Node ? $"site node (site {node.Node.Site})" : $"aggregator in ring {node.Node.Ring}";
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(node.Node.Id)).Append(" · Aggregator</title></head><body><h1>")
            .Append(Encode(node.Node.Id)).Append("</h1><p>").Append(Encode(role)).Append(", ")
            .Append(gate.IsReady ? "ready" : Encode("not ready: " + string.Join(", ", gate.Reasons)))
            .Append(node.Upstream is { } upstream ? $", forwards to ring {Encode(upstream.Name)}" : "")
            .Append("</p><ul>");
        foreach (var link in links)
        {
            html.Append("<li><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(link)).Append("</a></li>");
        }
        html.Append("</ul><h2>Topology</h2><pre>").Append(Encode(TopologySummary.Render(node.Topology))).Append("</pre></body></html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
