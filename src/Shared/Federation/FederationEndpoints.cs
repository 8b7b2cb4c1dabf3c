using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Federation;

/// <summary>Maps /federate onto ASP.NET Core routing.</summary>
public static class FederationEndpoints
{
    /// <summary>
    /// Maps <paramref name="pattern"/> (normally <c>/federate</c>) for every method, so that the
    /// handler itself answers 405/OPTIONS exactly as Prometheus does. Returns the handler, whose
    /// counters feed /metrics.
    /// </summary>
    public static FederateHandler MapFederate(
        this IEndpointRouteBuilder endpoints,
        IFederationSource source,
        FederationOptions options,
        TimeProvider? time = null,
        string pattern = "/federate")
    {
        var handler = new FederateHandler(source, options, time);
        if (endpoints.ServiceProvider.GetService(typeof(Diagnostics.MetricsRegistry)) is Diagnostics.MetricsRegistry registry)
        {
            handler.ExportTo(registry);
        }
        endpoints.Map(pattern, (RequestDelegate)handler.HandleAsync);
        return handler;
    }
}
