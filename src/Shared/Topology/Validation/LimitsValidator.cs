namespace Aggregator.Shared.Topology.Validation;

/// <summary>Limits, forward-queue bounds and server settings: every figure positive (or zero where zero means "no limit").</summary>
internal sealed class LimitsValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        Check(topology.Limits, "aggregator.limits", context);
        foreach (var ring in topology.Rings)
        {
            Check(ring.Limits, TopologyValidationContext.RingPath(ring.Name) + ".limits", context);
        }
        foreach (var node in topology.Nodes)
        {
            Check(node.Limits, TopologyValidationContext.NodePath(node.Id) + ".limits", context);
            CheckForwardQueue(node.ForwardQueue, TopologyValidationContext.NodePath(node.Id) + ".forward-queue", context);
        }
        CheckServer(topology.Server, "aggregator.server", context);
    }

    private static void Check(LimitsConfig limits, string path, TopologyValidationContext context)
    {
        Positive(limits.LabelNameLength, path + ".label-name-length", context);
        Positive(limits.LabelValueLength, path + ".label-value-length", context);
        Positive(limits.LabelsPerSeries, path + ".labels-per-series", context);
        Positive(limits.SeriesPerRequest, path + ".series-per-request", context);
        Positive(limits.SamplesPerRequest, path + ".samples-per-request", context);
        Positive(limits.MetadataPerRequest, path + ".metadata-per-request", context);
        Positive(limits.MatchPerRequest, path + ".match-per-request", context);
        Positive(limits.RequestBodySize, path + ".request-body-size", context);
        Positive(limits.DecodedBodySize, path + ".decoded-body-size", context);
        if (limits.DecodedBodySize > int.MaxValue)
        {
            context.Error(path + ".decoded-body-size", $"expected at most {int.MaxValue} bytes (2GiB), got {limits.DecodedBodySize}");
        }
        if (limits.RequestBodySize > int.MaxValue)
        {
            context.Error(path + ".request-body-size", $"expected at most {int.MaxValue} bytes (2GiB), got {limits.RequestBodySize}");
        }
        NotNegative(limits.SeriesPerSite, path + ".series-per-site", context);
        if (limits.SampleFutureGrace < TimeSpan.Zero)
        {
            context.Error(path + ".sample-future-grace", "expected a duration of 0s or more, such as 10m");
        }
        if (limits.SampleMaxAge < TimeSpan.Zero)
        {
            context.Error(path + ".sample-max-age", "expected 0s (no limit) or a positive duration such as 1h");
        }
    }

    private static void CheckForwardQueue(ForwardQueueConfig queue, string path, TopologyValidationContext context)
    {
        if (queue.SegmentBytes < 1024)
        {
            context.Error(path + ".segment-bytes", $"expected at least 1KiB, got {queue.SegmentBytes}");
        }
        // Note: the bound is kept by dropping whole sealed segments, so at least two must fit in it.
        if (queue.MaxBytes < 2 * queue.SegmentBytes)
        {
            context.Error(path + ".max-bytes", $"expected at least twice segment-bytes ({2 * queue.SegmentBytes}), got {queue.MaxBytes}");
        }
    }

    private static void CheckServer(ServerConfig server, string path, TopologyValidationContext context)
    {
        PositiveDuration(server.RequestHeadersTimeout, path + ".request-headers-timeout", context);
        PositiveDuration(server.BodyReadTimeout, path + ".body-read-timeout", context);
        PositiveDuration(server.KeepAliveTimeout, path + ".keep-alive-timeout", context);
        // Note: Kestrel refuses a grace of one second or less at start (ArgumentOutOfRangeException); say so here instead.
        if (server.MinDataRateGrace <= TimeSpan.FromSeconds(1))
        {
            context.Error(path + ".min-data-rate-grace", $"expected more than 1s (Kestrel's minimum), got {DurationText.Format(server.MinDataRateGrace)}");
        }
        if (server.MinDataRate < 0 || double.IsNaN(server.MinDataRate) || double.IsInfinity(server.MinDataRate))
        {
            context.Error(path + ".min-data-rate", $"expected 0 (no minimum) or a positive number of bytes per second, got {server.MinDataRate}");
        }
        NotNegative(server.MaxConnections, path + ".max-connections", context);
    }

    private static void Positive(long value, string path, TopologyValidationContext context)
    {
        if (value <= 0)
        {
            context.Error(path, $"expected a positive number, got {value}");
        }
    }

    private static void NotNegative(long value, string path, TopologyValidationContext context)
    {
        if (value < 0)
        {
            context.Error(path, $"expected 0 (no limit) or a positive number, got {value}");
        }
    }

    private static void PositiveDuration(TimeSpan value, string path, TopologyValidationContext context)
    {
        if (value <= TimeSpan.Zero)
        {
            context.Error(path, $"expected a positive duration, got {value.TotalSeconds}s");
        }
    }
}
