namespace Aggregator.Bench.SideBySide;

/// <summary>One site size measured both ways in the same run.</summary>
internal sealed record SiteResult
{
    public required int RequestedSeries { get; init; }

    /// <summary>Series the site Prometheus holds (its prometheus_tsdb_head_series), or what the targets expose when unknown.</summary>
    public long SiteSeries { get; init; }

    public TimeSpan Interval { get; init; }

    public SideMeasures? Prometheus { get; init; }

    public SideMeasures? Ours { get; init; }

    /// <summary>The site Prometheus itself (common to both ways, shown for scale).</summary>
    public double SiteCpuSecondsPerInterval { get; init; }

    public long SiteResidentBytes { get; init; }

    /// <summary>/proc/loadavg (1, 5, 15 minutes) when the run started and when it ended.</summary>
    public string LoadAtStart { get; init; } = "";

    public string LoadAtEnd { get; init; } = "";

    /// <summary>Why the run (or part of it) did not produce figures; empty when it did.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
