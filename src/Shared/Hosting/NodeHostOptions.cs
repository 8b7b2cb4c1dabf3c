using Aggregator.Shared.Diagnostics;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Shared.Hosting;

/// <summary>Knobs for <see cref="NodeHostBuilder"/>; the defaults are what the executables use.</summary>
internal sealed record NodeHostOptions
{
    /// <summary>What the role adds to the host; null takes the role's own (<see cref="NodeComposition.For"/>).</summary>
    public NodeComposition? Composition { get; init; }

    /// <summary>Listen here instead of the node's listen address (tests pick free ports).</summary>
    public Uri? ListenOverride { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The self-metrics registry; a new one when null.</summary>
    public MetricsRegistry? Metrics { get; init; }

    /// <summary>How long in-flight requests and hosted services get to finish on SIGTERM.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where durable state (forward queues) lives; null: <c>$AGGREGATOR_DATA_DIR</c>, else the temp
    /// directory's <c>aggregator</c> folder. A subfolder per node id keeps processes apart.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The data directory of <paramref name="nodeId"/> under <see cref="DataDirectory"/>.</summary>
    public string DataDirectoryOf(string nodeId)
    {
        var root = DataDirectory;
        if (string.IsNullOrEmpty(root))
        {
            root = Environment.GetEnvironmentVariable("AGGREGATOR_DATA_DIR");
        }
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Path.GetTempPath(), "aggregator");
        }
        return Path.Combine(root, nodeId);
    }

    /// <summary>How often completeness metrics are refreshed and ring members probed.</summary>
    public TimeSpan CompletenessInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the status page's per-site freshness is sampled and sites' sources are asked; 240 samples are kept.</summary>
    public TimeSpan StatusSampleInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Opens the forward queues; null: <see cref="DiskQueue.DurableQueue.Open"/> (tests inject a disk that fills up).</summary>
    public Func<DiskQueue.DiskQueueOptions, DiskQueue.IDurableQueue>? OpenForwardQueue { get; init; }

    /// <summary>Last-chance changes to the builder (logging in tests, extra services).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }
}
