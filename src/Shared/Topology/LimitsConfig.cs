using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Topology;

/// <summary>
/// <c>limits { }</c>: what one writer may send and one reader may ask. Read from
/// <c>aggregator.limits</c>, then a ring's <c>limits</c> over it, then a node's over that; each
/// breach is answered with a 4xx naming the limit and counted with a <c>reason</c> label.
/// The defaults here equal reference.conf (a test checks that they agree).
/// </summary>
internal sealed record LimitsConfig
{
    /// <summary>The defaults of reference.conf.</summary>
    public static LimitsConfig Default { get; } = new();

    /// <summary>Longest label name in bytes (Mimir's default).</summary>
    public int LabelNameLength { get; init; } = 1024;

    /// <summary>Longest label value in bytes (Mimir's default).</summary>
    public int LabelValueLength { get; init; } = 2048;

    /// <summary>Most labels on one series.</summary>
    public int LabelsPerSeries { get; init; } = 128;

    /// <summary>Most series in one remote-write request.</summary>
    public int SeriesPerRequest { get; init; } = 100_000;

    /// <summary>Most samples (floats and native histograms) in one remote-write request.</summary>
    public int SamplesPerRequest { get; init; } = 1_000_000;

    /// <summary>Most metric metadata entries in one remote-write request.</summary>
    public int MetadataPerRequest { get; init; } = 10_000;

    /// <summary>How far ahead of this process's clock a sample may be.</summary>
    public TimeSpan SampleFutureGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How old a sample may be; zero: no limit (a queue replayed after an outage is old).</summary>
    public TimeSpan SampleMaxAge { get; init; } = TimeSpan.Zero;

    /// <summary>Most live series one site may hold on a ring member; zero: no limit.</summary>
    public long SeriesPerSite { get; init; } = 1_000_000;

    /// <summary>Largest request body on the wire (Kestrel's MaxRequestBodySize and the remote-write receiver).</summary>
    public long RequestBodySize { get; init; } = 40L << 20;

    /// <summary>Largest decoded (snappy-uncompressed) remote-write body.</summary>
    public long DecodedBodySize { get; init; } = 32L << 20;

    /// <summary>Most <c>match[]</c> selectors in one <c>/federate</c> request.</summary>
    public int MatchPerRequest { get; init; } = 256;

    /// <summary>The remote-write receiver's share of these limits.</summary>
    public RemoteWriteLimits ForRemoteWrite() => new()
    {
        MaxDecodedBytes = (int)Math.Min(DecodedBodySize, int.MaxValue),
        MaxCompressedBytes = RequestBodySize,
        MaxSeriesPerRequest = SeriesPerRequest,
        MaxLabelsPerSeries = LabelsPerSeries,
        MaxLabelNameBytes = LabelNameLength,
        MaxLabelValueBytes = LabelValueLength,
        MaxSamplesPerRequest = SamplesPerRequest,
        MaxMetadataPerRequest = MetadataPerRequest,
        FutureGrace = SampleFutureGrace,
        MaxSampleAge = SampleMaxAge,
    };
}
