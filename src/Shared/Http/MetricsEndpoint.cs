using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Exposition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Http;

/// <summary>
/// <c>/metrics</c>: the project's own metrics (<see cref="MetricsRegistry"/>) followed by the standard process,
/// runtime, ASP.NET Core, Kestrel and HttpClient ones (<see cref="StandardMetrics"/>, from the host's services),
/// through the project's exposition writers.
/// </summary>
internal static class MetricsEndpoint
{
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, MetricsRegistry registry)
    {
        // Note: resolved now, not at the first scrape, so its meter listener counts requests from the start.
        var standard = endpoints.ServiceProvider.GetRequiredService<StandardMetrics>();
        return endpoints.MapGet("/metrics", (HttpContext context) => WriteAsync(context, registry, standard));
    }

    private static async Task WriteAsync(HttpContext context, MetricsRegistry registry, StandardMetrics standard)
    {
        // Note: OpenMetrics stays off because counters here are named with their _total suffix,
        // which text 0.0.4 and protobuf expect but OpenMetrics family names must not carry.
        var negotiated = ContentNegotiation.Negotiate(context.Request.Headers.Accept.FirstOrDefault(), context.Request.Headers.AcceptEncoding.FirstOrDefault());
        context.Response.ContentType = negotiated.ContentType;
        if (negotiated.ContentEncodingHeader is { } encoding)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }
        await using var writer = ExpositionWriter.Create(context.Response.Body, negotiated);
        registry.WriteTo(writer);
        await standard.WriteToAsync(writer, context.RequestAborted);
        await writer.CompleteAsync(context.RequestAborted);
    }
}
