using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>The <c>limits</c> blocks (tree, ring, node, each over the one above), a node's <c>forward-queue</c> bound and the <c>server</c> block.</summary>
internal sealed partial class TopologyBinder
{
    /// <summary>
    /// Reads <c>limits</c> of <paramref name="owner"/> over <paramref name="parent"/>: a key not given
    /// keeps the parent's value. Keys are checked against <c>aggregator.limits</c> of the reference.
    /// </summary>
    private LimitsConfig BindLimits(HoconObject owner, string ownerPath, LimitsConfig parent, bool checkKeys)
    {
        var path = Child(ownerPath, "limits");
        var limits = Section(owner, "limits", ownerPath);
        // Note: the tree's own block is checked with the rest of the tree; a ring's or node's block has an
        // empty entry in defaults (so that it may be left out), hence its keys are checked here.
        if (checkKeys && _schema.TryGetValue("limits", out var schema) && schema is HoconObject limitsSchema)
        {
            CheckKeys(limits, limitsSchema, path);
        }
        return new LimitsConfig
        {
            LabelNameLength = Read(limits, "label-name-length", path, AsInt, parent.LabelNameLength),
            LabelValueLength = Read(limits, "label-value-length", path, AsInt, parent.LabelValueLength),
            LabelsPerSeries = Read(limits, "labels-per-series", path, AsInt, parent.LabelsPerSeries),
            SeriesPerRequest = Read(limits, "series-per-request", path, AsInt, parent.SeriesPerRequest),
            SamplesPerRequest = Read(limits, "samples-per-request", path, AsInt, parent.SamplesPerRequest),
            MetadataPerRequest = Read(limits, "metadata-per-request", path, AsInt, parent.MetadataPerRequest),
            SampleFutureGrace = Read(limits, "sample-future-grace", path, HoconConfig.AsDuration, parent.SampleFutureGrace),
            SampleMaxAge = Read(limits, "sample-max-age", path, HoconConfig.AsDuration, parent.SampleMaxAge),
            SeriesPerSite = Read(limits, "series-per-site", path, HoconConfig.AsLong, parent.SeriesPerSite),
            RequestBodySize = Read(limits, "request-body-size", path, HoconConfig.AsSize, parent.RequestBodySize),
            DecodedBodySize = Read(limits, "decoded-body-size", path, HoconConfig.AsSize, parent.DecodedBodySize),
            MatchPerRequest = Read(limits, "match-per-request", path, AsInt, parent.MatchPerRequest),
        };
    }

    private ForwardQueueConfig BindForwardQueue(HoconObject node, string nodePath)
    {
        var path = Child(nodePath, "forward-queue");
        var queue = Section(node, "forward-queue", nodePath);
        var defaults = ForwardQueueConfig.Default;
        return new ForwardQueueConfig
        {
            MaxBytes = Read(queue, "max-bytes", path, HoconConfig.AsSize, defaults.MaxBytes),
            SegmentBytes = Read(queue, "segment-bytes", path, HoconConfig.AsSize, defaults.SegmentBytes),
        };
    }

    private ServerConfig BindServer(HoconObject aggregator)
    {
        var path = Child(Root, "server");
        var server = Section(aggregator, "server", Root);
        var defaults = ServerConfig.Default;
        return new ServerConfig
        {
            RequestHeadersTimeout = Read(server, "request-headers-timeout", path, HoconConfig.AsDuration, defaults.RequestHeadersTimeout),
            BodyReadTimeout = Read(server, "body-read-timeout", path, HoconConfig.AsDuration, defaults.BodyReadTimeout),
            KeepAliveTimeout = Read(server, "keep-alive-timeout", path, HoconConfig.AsDuration, defaults.KeepAliveTimeout),
            MinDataRate = Read(server, "min-data-rate", path, HoconConfig.AsDouble, defaults.MinDataRate),
            MinDataRateGrace = Read(server, "min-data-rate-grace", path, HoconConfig.AsDuration, defaults.MinDataRateGrace),
            MaxConnections = Read(server, "max-connections", path, HoconConfig.AsLong, defaults.MaxConnections),
        };
    }
}
