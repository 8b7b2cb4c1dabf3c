namespace Aggregator.Bench.SideBySide;

/// <summary>What one way of federating (classic Prometheus, or our Node + Aggregator) cost and delivered in one run.</summary>
internal sealed record SideMeasures
{
    /// <summary>CPU seconds per interval over the window; for ours the Node and the Aggregator together.</summary>
    public double CpuSecondsPerInterval { get; init; }

    /// <summary>Resident bytes at the end of the CPU window, before any fetch of every series (summed over the processes of this side).</summary>
    public long ResidentBytes { get; init; }

    /// <summary>
    /// Resident bytes after the /federate timings: what a deployment that is federated every interval holds (a Node
    /// builds per-series state for /federate), and what the memory goal is compared against.
    /// </summary>
    public long ResidentBytesAfterFederate { get; init; }

    /// <summary>Per process, e.g. "node 0.10 s, 120 MB"; empty for a single process.</summary>
    public string Breakdown { get; init; } = "";

    /// <summary>Mean of the job-level group's last evaluation duration, sampled once per interval; null when never seen.</summary>
    public double? RuleEvaluationSeconds { get; init; }

    /// <summary>Median fetch of every series this side holds, and of the aggregated (job-level) series at the top.</summary>
    public FederateTiming? FederateAll { get; init; }

    public FederateTiming? FederateAggregated { get; init; }

    /// <summary>The first fetch of every series after start (JIT and caches cold), for the warm-up goal.</summary>
    public FederateTiming? FederateAllFirst { get; init; }

    /// <summary>Seconds from a source sample to the top, one per advance seen in the window.</summary>
    public IReadOnlyList<double> FreshnessSeconds { get; init; } = [];
}
