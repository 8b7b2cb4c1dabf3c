using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Kestrel's limits from <c>aggregator.server</c> and the node's <c>limits.request-body-size</c>, which the
/// remote-write receiver checks too: both refuse a body at the same size.
/// </summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerLimits kestrel, ServerConfig server, LimitsConfig limits)
    {
        kestrel.MaxRequestBodySize = limits.RequestBodySize;
        kestrel.RequestHeadersTimeout = server.RequestHeadersTimeout;
        kestrel.KeepAliveTimeout = server.KeepAliveTimeout;
        kestrel.MaxConcurrentConnections = server.MaxConnections > 0 ? server.MaxConnections : null;
        kestrel.MaxConcurrentUpgradedConnections = kestrel.MaxConcurrentConnections;
        if (server.MinDataRate > 0)
        {
            kestrel.MinRequestBodyDataRate = new MinDataRate(server.MinDataRate, server.MinDataRateGrace);
            kestrel.MinResponseDataRate = new MinDataRate(server.MinDataRate, server.MinDataRateGrace);
        }
        else
        {
            kestrel.MinRequestBodyDataRate = null;
            kestrel.MinResponseDataRate = null;
        }
    }
}
