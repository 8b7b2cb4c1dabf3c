using System.Globalization;
using System.Security.Cryptography;
using Aggregator.Shared.StatusPage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Http;

/// <summary>
/// <c>GET /</c>: the live status page (see <see cref="StatusHtml"/>), and <c>GET /api/v1/status</c>:
/// the same figures as JSON, which the page fetches to refresh itself and tooling may read.
/// </summary>
internal static class StatusPage
{
    private static readonly TimeSpan MinRefresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRefresh = TimeSpan.FromMinutes(5);

    public static void MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/status", (StatusSnapshotBuilder status) => Results.Bytes(StatusJson.Render(status.Build()), "application/json"));
        endpoints.MapGet("/", (HttpContext context, StatusSnapshotBuilder status, EndpointDataSource all) =>
        {
            string nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Response.Headers.ContentSecurityPolicy = StatusHtml.ContentSecurityPolicy(nonce);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            var snapshot = status.Build();
            return Results.Content(StatusHtml.Render(snapshot.Node, StatusJson.Render(snapshot), Links(all.Endpoints), Refresh(context.Request.Query["refresh"]), nonce),
                "text/html; charset=utf-8");
        });
    }

    /// <summary>Every GET-able route without parameters, for the page's link list.</summary>
    public static List<string> Links(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => p.Length > 1 && !p.Contains('{'))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>The page's refresh period from <c>?refresh=SECONDS</c>, kept within bounds; the default when absent or not a number.</summary>
    public static TimeSpan Refresh(string? seconds) =>
        double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? TimeSpan.FromSeconds(Math.Clamp(value, MinRefresh.TotalSeconds, MaxRefresh.TotalSeconds))
            : StatusHtml.DefaultRefresh;
}
