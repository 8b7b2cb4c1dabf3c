namespace Aggregator.Shared.RemoteWrite;

/// <summary>Receiver limits; a request beyond any of them is rejected with a 400 naming the limit.</summary>
public sealed record RemoteWriteLimits
{
    /// <summary>The defaults: 32 MiB decoded, 100 000 series, 128 labels per series.</summary>
    public static readonly RemoteWriteLimits Default = new();

    /// <summary>Largest decoded (uncompressed) protobuf body accepted.</summary>
    public int MaxDecodedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Most series in one request.</summary>
    public int MaxSeriesPerRequest { get; init; } = 100_000;

    /// <summary>Most labels on one series.</summary>
    public int MaxLabelsPerSeries { get; init; } = 128;

    /// <summary>
    /// Largest compressed body read from the wire: the snappy worst case for
    /// <see cref="MaxDecodedBytes"/>, checked before the body is read.
    /// </summary>
    public long MaxCompressedBytes => SnappyBlock.MaxEncodedLength(MaxDecodedBytes);
}
