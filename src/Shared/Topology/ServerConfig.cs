namespace Aggregator.Shared.Topology;

/// <summary>
/// <c>aggregator.server { }</c>: Kestrel's connection limits, so that slow or idle clients cannot hold
/// a process's connections. The defaults equal reference.conf.
/// </summary>
internal sealed record ServerConfig
{
    /// <summary>The defaults of reference.conf.</summary>
    public static ServerConfig Default { get; } = new();

    /// <summary>Time allowed to receive the request line and headers.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to receive a whole remote-write body.</summary>
    public TimeSpan BodyReadTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An idle kept-alive connection is closed after this long.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>Slowest request body and response a connection may keep up, in bytes per second; zero: no minimum.</summary>
    public double MinDataRate { get; init; } = 240;

    /// <summary>How long a connection may stay below <see cref="MinDataRate"/> before it is closed.</summary>
    public TimeSpan MinDataRateGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most open connections; zero: no limit.</summary>
    public long MaxConnections { get; init; } = 4096;
}
