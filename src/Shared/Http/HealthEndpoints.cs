using Aggregator.Shared.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Http;

/// <summary><c>/-/healthy</c> and <c>/-/ready</c>, answered as Prometheus answers them (GET and HEAD).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, ReadinessGate gate)
    {
        endpoints.MapMethods("/-/healthy", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("Aggregator is Healthy.\n"));
        endpoints.MapMethods("/-/ready", [HttpMethods.Get, HttpMethods.Head], () => gate.IsReady
            ? Results.Text("Aggregator is Ready.\n")
            : Results.Text($"Service Unavailable: {string.Join(", ", gate.Reasons)}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}
