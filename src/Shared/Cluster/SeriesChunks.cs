using System.Text;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Splits series into chunks whose serialized size stays well below Akka.Remote's
/// <c>maximum-frame-size</c> (128,000 bytes): a larger message is dropped with one log line and the
/// sender is never told. Small chunks also keep heartbeats flowing on the shared connection.
/// </summary>
internal static class SeriesChunks
{
    /// <summary>Half the frame size: room for the envelope, and estimates that are a little off.</summary>
    public const int MaxChunkBytes = 64_000;

    public static IEnumerable<IReadOnlyList<WriteSeries>> Split(IReadOnlyList<WriteSeries> series, int maxBytes = MaxChunkBytes)
    {
        var chunk = new List<WriteSeries>();
        int bytes = 0;
        foreach (var s in series)
        {
            int size = EstimateBytes(s);
            if (chunk.Count > 0 && bytes + size > maxBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(s);
            bytes += size;
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>An upper bound of the protobuf size: each string with a 3-byte tag and length, 19 bytes per sample.</summary>
    public static int EstimateBytes(WriteSeries series)
    {
        int bytes = 8;
        foreach (var label in series.Labels.AsSpan())
        {
            bytes += Encoding.UTF8.GetByteCount(label.Name) + Encoding.UTF8.GetByteCount(label.Value) + 8;
        }
        return bytes + series.Samples.Count * 19;
    }
}
