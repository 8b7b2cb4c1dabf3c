using System.Buffers;
using System.Text;
using Aggregator.Shared.Model;
using Snappier;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Encodes batches of series into remote-write 1.0 request bodies (protobuf <c>WriteRequest</c>,
/// snappy block format). Measures first, then writes into one pooled buffer that is reused across
/// calls; only the compressed result is allocated. One instance per sender; not thread-safe.
/// </summary>
public sealed partial class RemoteWriteEncoder : IDisposable
{
    private byte[] _buffer = [];
    private int[] _seriesSizes = [];

    /// <summary>Encodes and compresses one request.</summary>
    public RemoteWriteBody Encode(IReadOnlyList<WriteSeries> series, IReadOnlyList<RemoteMetadata>? metadata = null)
    {
        var raw = Serialize(series, metadata);
        int samples = 0;
        for (int i = 0; i < series.Count; i++)
        {
            samples += series[i].Samples.Count;
        }
        return new RemoteWriteBody(Snappy.CompressToArray(raw), raw.Length, series.Count, samples);
    }

    /// <summary>
    /// The uncompressed protobuf <c>WriteRequest</c>; the span is valid until the next call.
    /// Note: proto3 rules are followed (zero scalars omitted) so the bytes equal what any proto3
    /// serializer writes, except that -0.0 is kept (it is not bitwise zero).
    /// </summary>
    public ReadOnlySpan<byte> Serialize(IReadOnlyList<WriteSeries> series, IReadOnlyList<RemoteMetadata>? metadata = null)
    {
        if (_seriesSizes.Length < series.Count)
        {
            ReturnSizes();
            _seriesSizes = ArrayPool<int>.Shared.Rent(series.Count);
        }
        long total = 0;
        for (int i = 0; i < series.Count; i++)
        {
            int size = SeriesSize(series[i]);
            _seriesSizes[i] = size;
            total += ProtoWire.FieldSize(size);
        }
        for (int i = 0; i < (metadata?.Count ?? 0); i++)
        {
            total += ProtoWire.FieldSize(MetadataSize(metadata![i]));
        }
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"batch of {series.Count} series encodes to {total} bytes; split it", nameof(series));
        }
        EnsureBuffer((int)total);
        var writer = new ProtoWriter(_buffer.AsSpan(0, (int)total));
        for (int i = 0; i < series.Count; i++)
        {
            writer.WriteMessageHeader(1, _seriesSizes[i]);
            WriteSeriesPayload(ref writer, series[i]);
        }
        for (int i = 0; i < (metadata?.Count ?? 0); i++)
        {
            writer.WriteMessageHeader(3, MetadataSize(metadata![i]));
            WriteMetadataPayload(ref writer, metadata[i]);
        }
        return _buffer.AsSpan(0, writer.Position);
    }

    private static int SeriesSize(WriteSeries series)
    {
        int size = 0;
        foreach (var label in series.Labels.AsSpan())
        {
            size += ProtoWire.FieldSize(LabelSize(label, out _, out _));
        }
        // Note: indexed loops, because foreach over an IReadOnlyList boxes an enumerator per series.
        var samples = series.Samples;
        for (int i = 0; i < samples.Count; i++)
        {
            size += ProtoWire.FieldSize(SampleSize(samples[i]));
        }
        var histograms = series.Histograms;
        for (int i = 0; i < histograms.Count; i++)
        {
            size += ProtoWire.FieldSize(HistogramSize(histograms[i]));
        }
        return size;
    }

    private static void WriteSeriesPayload(ref ProtoWriter writer, WriteSeries series)
    {
        foreach (var label in series.Labels.AsSpan())
        {
            writer.WriteMessageHeader(1, LabelSize(label, out int nameLength, out int valueLength));
            writer.WriteString(1, label.Name, nameLength);
            writer.WriteString(2, label.Value, valueLength);
        }
        var samples = series.Samples;
        for (int i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            writer.WriteMessageHeader(2, SampleSize(sample));
            writer.WriteDoubleField(1, sample.Value);
            writer.WriteVarintField(2, (ulong)sample.TimestampMs);
        }
        var histograms = series.Histograms;
        for (int i = 0; i < histograms.Count; i++)
        {
            writer.WriteMessageHeader(4, HistogramSize(histograms[i]));
            WriteHistogramPayload(ref writer, histograms[i]);
        }
    }

    private static int LabelSize(Label label, out int nameLength, out int valueLength)
    {
        nameLength = Encoding.UTF8.GetByteCount(label.Name);
        valueLength = Encoding.UTF8.GetByteCount(label.Value);
        return ProtoWire.FieldSize(nameLength) + ProtoWire.FieldSize(valueLength);
    }

    private static int SampleSize(Sample sample) =>
        (BitConverter.DoubleToUInt64Bits(sample.Value) != 0 ? 9 : 0)
        + (sample.TimestampMs != 0 ? 1 + ProtoWire.VarintSize((ulong)sample.TimestampMs) : 0);

    private static int StringFieldSize(string value) =>
        value.Length == 0 ? 0 : ProtoWire.FieldSize(Encoding.UTF8.GetByteCount(value));

    private static int MetadataSize(RemoteMetadata m) =>
        (m.Type != MetricType.Untyped ? 1 + ProtoWire.VarintSize((ulong)m.Type) : 0)
        + StringFieldSize(m.MetricFamilyName) + StringFieldSize(m.Help) + StringFieldSize(m.Unit);

    private static void WriteMetadataPayload(ref ProtoWriter writer, RemoteMetadata m)
    {
        writer.WriteVarintField(1, (ulong)m.Type);
        WriteOptionalString(ref writer, 2, m.MetricFamilyName);
        WriteOptionalString(ref writer, 4, m.Help);
        WriteOptionalString(ref writer, 5, m.Unit);
    }

    private static void WriteOptionalString(ref ProtoWriter writer, int field, string value)
    {
        if (value.Length > 0)
        {
            writer.WriteString(field, value, Encoding.UTF8.GetByteCount(value));
        }
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer.Length < size)
        {
            ReturnBuffer();
            _buffer = ArrayPool<byte>.Shared.Rent(size);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void ReturnSizes()
    {
        if (_seriesSizes.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_seriesSizes);
            _seriesSizes = [];
        }
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        ReturnBuffer();
        ReturnSizes();
    }
}
