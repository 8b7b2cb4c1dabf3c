using Aggregator.Shared.Http;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// <c>GET /sites/{site}/federate</c>: streams that site's Node <c>/federate</c> with the request's
/// query string. The target comes from the topology only, never from the request, so the endpoint
/// cannot be turned into an open proxy; an unknown site is a 404 listing the known ones.
/// </summary>
internal static class SiteDrillDown
{
    public static void Map(IEndpointRouteBuilder endpoints, TopologyConfig topology, HttpClient http)
    {
        var sites = topology.Nodes.Where(n => n.Role == NodeRole.Node).ToDictionary(n => n.Site, StringComparer.Ordinal);
        endpoints.MapGet("/sites/{site}/federate", async (HttpContext context, string site) =>
        {
            if (!sites.TryGetValue(site, out var node))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync($"unknown site \"{site}\"; known sites: {string.Join(", ", sites.Keys.Order(StringComparer.Ordinal))}\n");
                return;
            }
            var target = new Uri(node.Url, "federate" + context.Request.QueryString.Value);
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            foreach (var header in new[] { "Accept", "Accept-Encoding" })
            {
                if (context.Request.Headers.TryGetValue(header, out var value))
                {
                    request.Headers.TryAddWithoutValidation(header, value.ToArray());
                }
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (HttpRequestException e)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                await context.Response.WriteAsync($"site \"{site}\" ({UrlRedaction.Redact(node.Url)}) did not answer: {UrlRedaction.Redact(e.Message)}\n");
                return;
            }
            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var header in response.Content.Headers.Concat(response.Headers))
                {
                    if (header.Key is "Content-Type" or "Content-Encoding")
                    {
                        context.Response.Headers[header.Key] = header.Value.ToArray();
                    }
                }
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
        });
    }
}
