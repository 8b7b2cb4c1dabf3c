using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// The host's own metrics: build info, readiness, and requests per handler and code (the process's start time and the
/// rest of the standard metrics come from <see cref="StandardMetrics"/>).
/// </summary>
internal static class HostMetrics
{
    public static void Register(MetricsRegistry metrics, NodeContext node, ReadinessGate gate, TimeProvider time)
    {
        var version = typeof(HostMetrics).Assembly.GetName().Version?.ToString() ?? "0";
        metrics.Gauge("aggregator_build_info", "Build and identity of this process; always 1.", "node", "role", "version")
            .WithLabels(node.Node.Id, node.Role == NodeRole.Node ? "node" : "aggregator", version).Set(1);
        metrics.GaugeCallback("aggregator_ready", "1 when /-/ready answers 200.", () => gate.IsReady ? 1 : 0);
    }

    /// <summary>Counts every request by route pattern and status code (after routing, so the pattern is known).</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app, MetricsRegistry metrics)
    {
        var requests = metrics.Counter("aggregator_http_requests_total", "HTTP requests served, by handler and status code.", "handler", "code");
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                var handler = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
                requests.WithLabels(handler, StatusText(context.Response.StatusCode)).Inc();
            }
        });
    }

    private static string StatusText(int code) => code switch
    {
        200 => "200",
        204 => "204",
        400 => "400",
        401 => "401",
        404 => "404",
        500 => "500",
        503 => "503",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
