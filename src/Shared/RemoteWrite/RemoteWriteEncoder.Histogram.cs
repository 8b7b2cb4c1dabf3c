using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Native histogram fields of <see cref="RemoteWriteEncoder"/> (numbers from WIRE_FACTS part A).</summary>
public sealed partial class RemoteWriteEncoder
{
    private static int HistogramSize(RemoteHistogram h)
    {
        int size = 0;
        if (h.CountInt is ulong ci)
        {
            size += 1 + ProtoWire.VarintSize(ci);
        }
        else if (h.CountFloat.HasValue)
        {
            size += 9;
        }
        size += DoubleSize(h.Sum);
        size += h.Schema != 0 ? 1 + ProtoWire.VarintSize(ProtoWire.ZigZag(h.Schema)) : 0;
        size += DoubleSize(h.ZeroThreshold);
        if (h.ZeroCountInt is ulong zi)
        {
            size += 1 + ProtoWire.VarintSize(zi);
        }
        else if (h.ZeroCountFloat.HasValue)
        {
            size += 9;
        }
        size += SpansSize(h.NegativeSpans) + PackedSint64Size(h.NegativeDeltas) + PackedDoubleSize(h.NegativeCounts);
        size += SpansSize(h.PositiveSpans) + PackedSint64Size(h.PositiveDeltas) + PackedDoubleSize(h.PositiveCounts);
        size += h.ResetHint != HistogramResetHint.Unknown ? 1 + ProtoWire.VarintSize((ulong)h.ResetHint) : 0;
        size += h.TimestampMs != 0 ? 1 + ProtoWire.VarintSize((ulong)h.TimestampMs) : 0;
        return size;
    }

    private static void WriteHistogramPayload(ref ProtoWriter writer, RemoteHistogram h)
    {
        if (h.CountInt is ulong ci)
        {
            // Note: a oneof member is written even when zero, so that the receiver knows which one is set.
            writer.WriteTag(1, ProtoWire.Varint);
            writer.WriteVarint(ci);
        }
        else if (h.CountFloat is double cf)
        {
            writer.WriteTag(2, ProtoWire.Fixed64);
            writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(cf));
        }
        writer.WriteDoubleField(3, h.Sum);
        writer.WriteVarintField(4, ProtoWire.ZigZag(h.Schema));
        writer.WriteDoubleField(5, h.ZeroThreshold);
        if (h.ZeroCountInt is ulong zi)
        {
            writer.WriteTag(6, ProtoWire.Varint);
            writer.WriteVarint(zi);
        }
        else if (h.ZeroCountFloat is double zf)
        {
            writer.WriteTag(7, ProtoWire.Fixed64);
            writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(zf));
        }
        WriteSpans(ref writer, 8, h.NegativeSpans);
        WritePackedSint64(ref writer, 9, h.NegativeDeltas);
        WritePackedDouble(ref writer, 10, h.NegativeCounts);
        WriteSpans(ref writer, 11, h.PositiveSpans);
        WritePackedSint64(ref writer, 12, h.PositiveDeltas);
        WritePackedDouble(ref writer, 13, h.PositiveCounts);
        writer.WriteVarintField(14, (ulong)h.ResetHint);
        writer.WriteVarintField(15, (ulong)h.TimestampMs);
    }

    private static int DoubleSize(double value) => BitConverter.DoubleToUInt64Bits(value) != 0 ? 9 : 0;

    private static int SpanSize(BucketSpan span) =>
        (span.Offset != 0 ? 1 + ProtoWire.VarintSize(ProtoWire.ZigZag(span.Offset)) : 0)
        + (span.Length != 0 ? 1 + ProtoWire.VarintSize(span.Length) : 0);

    private static int SpansSize(IReadOnlyList<BucketSpan> spans)
    {
        int size = 0;
        foreach (var s in spans)
        {
            size += ProtoWire.FieldSize(SpanSize(s));
        }
        return size;
    }

    private static int PackedSint64Payload(IReadOnlyList<long> values)
    {
        int size = 0;
        foreach (long v in values)
        {
            size += ProtoWire.VarintSize(ProtoWire.ZigZag(v));
        }
        return size;
    }

    private static int PackedSint64Size(IReadOnlyList<long> values) =>
        values.Count == 0 ? 0 : ProtoWire.FieldSize(PackedSint64Payload(values));

    private static int PackedDoubleSize(IReadOnlyList<double> values) =>
        values.Count == 0 ? 0 : ProtoWire.FieldSize(8 * values.Count);

    private static void WriteSpans(ref ProtoWriter writer, int field, IReadOnlyList<BucketSpan> spans)
    {
        foreach (var s in spans)
        {
            writer.WriteMessageHeader(field, SpanSize(s));
            writer.WriteVarintField(1, ProtoWire.ZigZag(s.Offset));
            writer.WriteVarintField(2, s.Length);
        }
    }

    private static void WritePackedSint64(ref ProtoWriter writer, int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        writer.WriteMessageHeader(field, PackedSint64Payload(values));
        foreach (long v in values)
        {
            writer.WriteVarint(ProtoWire.ZigZag(v));
        }
    }

    private static void WritePackedDouble(ref ProtoWriter writer, int field, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        writer.WriteMessageHeader(field, 8 * values.Count);
        foreach (double v in values)
        {
            writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(v));
        }
    }
}
