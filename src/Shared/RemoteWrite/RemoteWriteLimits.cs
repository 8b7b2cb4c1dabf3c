namespace Aggregator.Shared.RemoteWrite;

/// <summary>Receiver limits; a request beyond any of them is rejected with a 4xx naming the limit.</summary>
public sealed record RemoteWriteLimits
{
    private readonly long? _maxCompressedBytes;

    /// <summary>The defaults, equal to <c>aggregator.limits</c> of reference.conf.</summary>
    public static readonly RemoteWriteLimits Default = new();

    /// <summary>Largest decoded (uncompressed) protobuf body accepted.</summary>
    public int MaxDecodedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Most series in one request.</summary>
    public int MaxSeriesPerRequest { get; init; } = 100_000;

    /// <summary>Most labels on one series.</summary>
    public int MaxLabelsPerSeries { get; init; } = 128;

    /// <summary>Longest label name, in UTF-8 bytes.</summary>
    public int MaxLabelNameBytes { get; init; } = 1024;

    /// <summary>Longest label value, in UTF-8 bytes.</summary>
    public int MaxLabelValueBytes { get; init; } = 2048;

    /// <summary>Most samples (float samples and native histograms) in one request.</summary>
    public int MaxSamplesPerRequest { get; init; } = 1_000_000;

    /// <summary>Most metadata entries in one request.</summary>
    public int MaxMetadataPerRequest { get; init; } = 10_000;

    /// <summary>How far ahead of the receiver's clock a sample may be.</summary>
    public TimeSpan FutureGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How old a sample may be; <see cref="TimeSpan.Zero"/>: no limit.</summary>
    public TimeSpan MaxSampleAge { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Whether native histograms are taken. Note: the store keeps float samples only, so a receiver
    /// whose sink cannot keep histograms answers 400 naming them instead of 204-and-drop.
    /// </summary>
    public bool AcceptNativeHistograms { get; init; }

    /// <summary>
    /// Whether exemplars are taken. Note: no store here keeps exemplars and 2.42's /federate never serves
    /// them, so a receiver answers 400 naming them (the sender should set <c>send_exemplars: false</c>)
    /// instead of 204-and-drop.
    /// </summary>
    public bool AcceptExemplars { get; init; }

    /// <summary>
    /// Largest body read from the wire, checked against Content-Length before any buffer is taken and
    /// again while reading; by default the snappy worst case for <see cref="MaxDecodedBytes"/>. A host
    /// sets it to the figure it gives Kestrel, so that both refuse at the same size.
    /// </summary>
    public long MaxCompressedBytes
    {
        get => _maxCompressedBytes ?? SnappyBlock.MaxEncodedLength(MaxDecodedBytes);
        init => _maxCompressedBytes = value;
    }
}
