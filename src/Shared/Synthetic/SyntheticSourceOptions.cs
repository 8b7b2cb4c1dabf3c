namespace Aggregator.Shared.Synthetic;

/// <summary>Shape of a synthetic Prometheus-like source: which series it holds and how its values move.</summary>
public sealed record SyntheticSourceOptions
{
    /// <summary>Same seed, same clock → same series and values (two replicas of an HA pair agree).</summary>
    public int Seed { get; init; } = 1;

    public string Job { get; init; } = "api";

    /// <summary>Number of instances (<c>instance="host-N:8080"</c>); at least 4 gives a realistic spread.</summary>
    public int Instances { get; init; } = 4;

    public IReadOnlyList<string> Handlers { get; init; } = ["/", "/api/v1/query", "/api/v1/write", "/login"];

    public IReadOnlyList<string> Methods { get; init; } = ["GET", "POST"];

    public IReadOnlyList<string> Codes { get; init; } = ["200", "404", "500"];

    /// <summary>When set, counters restart from zero at every multiple of this period (counter resets).</summary>
    public TimeSpan? CounterResetPeriod { get; init; }

    /// <summary>The upper bounds of the request-duration histogram (10 buckets, then +Inf).</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Series this shape produces.</summary>
    public int SeriesCount =>
        Instances * ((Handlers.Count * Methods.Count * Codes.Count)
            + (Handlers.Count * Methods.Count * (DurationBuckets.Count + 3))
            + 2);
}
