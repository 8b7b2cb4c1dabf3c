namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// One encoded request body: the snappy block-compressed <c>WriteRequest</c> and what it holds
/// (for batching by bytes and for counters).
/// </summary>
public sealed record RemoteWriteBody(byte[] Compressed, int UncompressedLength, int SeriesCount, int SampleCount);
