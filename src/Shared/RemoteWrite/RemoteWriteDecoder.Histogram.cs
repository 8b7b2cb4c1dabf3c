using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Native histogram decoding and checks of <see cref="RemoteWriteDecoder"/>.</summary>
public static partial class RemoteWriteDecoder
{
    private static RemoteWriteError? DecodeHistogram(ReadOnlySpan<byte> data, int baseOffset, int index, out RemoteHistogram? result)
    {
        result = null;
        var reader = new ProtoReader(data, baseOffset);
        var h = new RemoteHistogram();
        List<BucketSpan> negSpans = [], posSpans = [];
        List<long> negDeltas = [], posDeltas = [];
        List<double> negCounts = [], posCounts = [];
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in Histogram", index);
            }
            bool ok = true;
            ulong raw;
            double d;
            switch (field, wireType)
            {
                case (1, ProtoWire.Varint):
                    ok = reader.TryReadVarint(out raw);
                    h = h with { CountInt = raw, CountFloat = null };
                    break;
                case (2, ProtoWire.Fixed64):
                    ok = reader.TryReadDouble(out d);
                    h = h with { CountFloat = d, CountInt = null };
                    break;
                case (3, ProtoWire.Fixed64):
                    ok = reader.TryReadDouble(out d);
                    h = h with { Sum = d };
                    break;
                case (4, ProtoWire.Varint):
                    ok = reader.TryReadVarint(out raw);
                    h = h with { Schema = (int)ProtoWire.UnZigZag(raw) };
                    break;
                case (5, ProtoWire.Fixed64):
                    ok = reader.TryReadDouble(out d);
                    h = h with { ZeroThreshold = d };
                    break;
                case (6, ProtoWire.Varint):
                    ok = reader.TryReadVarint(out raw);
                    h = h with { ZeroCountInt = raw, ZeroCountFloat = null };
                    break;
                case (7, ProtoWire.Fixed64):
                    ok = reader.TryReadDouble(out d);
                    h = h with { ZeroCountFloat = d, ZeroCountInt = null };
                    break;
                case (8, ProtoWire.LengthDelimited):
                    ok = TryReadSpan(ref reader, negSpans);
                    break;
                case (11, ProtoWire.LengthDelimited):
                    ok = TryReadSpan(ref reader, posSpans);
                    break;
                case (9, _):
                    ok = TryReadSint64s(ref reader, wireType, negDeltas);
                    break;
                case (12, _):
                    ok = TryReadSint64s(ref reader, wireType, posDeltas);
                    break;
                case (10, _):
                    ok = TryReadDoubles(ref reader, wireType, negCounts);
                    break;
                case (13, _):
                    ok = TryReadDoubles(ref reader, wireType, posCounts);
                    break;
                case (14, ProtoWire.Varint):
                    ok = reader.TryReadVarint(out raw);
                    h = h with { ResetHint = raw <= 3 ? (HistogramResetHint)raw : HistogramResetHint.Unknown };
                    break;
                case (15, ProtoWire.Varint):
                    ok = reader.TryReadVarint(out raw);
                    h = h with { TimestampMs = (long)raw };
                    break;
                case ( >= 1 and <= 15, _):
                    ok = false;
                    break;
                default:
                    // Note: custom_values (16, HEAD only) and later additions are skipped.
                    ok = reader.TrySkip(wireType);
                    break;
            }
            if (!ok)
            {
                return Malformed(at, $"Histogram field {field} (wire type {wireType}) is malformed", index);
            }
        }
        h = h with
        {
            NegativeSpans = negSpans, PositiveSpans = posSpans, NegativeDeltas = negDeltas,
            PositiveDeltas = posDeltas, NegativeCounts = negCounts, PositiveCounts = posCounts,
        };
        var problem = CheckHistogram(h);
        if (problem is not null)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.InvalidHistogram, problem, index);
        }
        result = h;
        return null;
    }

    /// <summary>The structural checks Prometheus applies before storing a native histogram.</summary>
    private static string? CheckHistogram(RemoteHistogram h)
    {
        if (h.Schema is (< -4 or > 8) and not -53)
        {
            return $"histogram schema {h.Schema} is out of range";
        }
        bool isFloat = h.IsFloat;
        if (isFloat ? (h.NegativeDeltas.Count + h.PositiveDeltas.Count) > 0 : (h.NegativeCounts.Count + h.PositiveCounts.Count) > 0)
        {
            return "histogram mixes integer deltas and float counts";
        }
        return CheckSpans("negative", h.NegativeSpans, isFloat ? h.NegativeCounts.Count : h.NegativeDeltas.Count)
            ?? CheckSpans("positive", h.PositiveSpans, isFloat ? h.PositiveCounts.Count : h.PositiveDeltas.Count);
    }

    private static string? CheckSpans(string side, IReadOnlyList<BucketSpan> spans, int buckets)
    {
        long needed = 0;
        for (int i = 0; i < spans.Count; i++)
        {
            if (i > 0 && spans[i].Offset < 0)
            {
                return $"histogram {side} span {i} has negative offset {spans[i].Offset}";
            }
            needed += spans[i].Length;
        }
        return needed == buckets ? null : $"histogram {side} spans need {needed} buckets, have {buckets}";
    }

    private static bool TryReadSpan(ref ProtoReader reader, List<BucketSpan> spans)
    {
        if (!reader.TryReadBytes(out var payload, out int offset))
        {
            return false;
        }
        var inner = new ProtoReader(payload, offset);
        int spanOffset = 0;
        uint length = 0;
        while (!inner.End)
        {
            if (!inner.TryReadTag(out int field, out int wireType))
            {
                return false;
            }
            ulong raw;
            bool ok = (field, wireType) switch
            {
                (1, ProtoWire.Varint) => inner.TryReadVarint(out raw) && Assign(out spanOffset, (int)ProtoWire.UnZigZag(raw)),
                (2, ProtoWire.Varint) => inner.TryReadVarint(out raw) && Assign(out length, (uint)raw),
                (1 or 2, _) => false,
                _ => inner.TrySkip(wireType),
            };
            if (!ok)
            {
                return false;
            }
        }
        spans.Add(new BucketSpan(spanOffset, length));
        return true;
    }

    private static bool Assign<T>(out T target, T value)
    {
        target = value;
        return true;
    }

    /// <summary>Reads a repeated sint64, packed (wire type 2) or not (wire type 0).</summary>
    private static bool TryReadSint64s(ref ProtoReader reader, int wireType, List<long> values)
    {
        ulong raw;
        if (wireType == ProtoWire.Varint)
        {
            if (!reader.TryReadVarint(out raw))
            {
                return false;
            }
            values.Add(ProtoWire.UnZigZag(raw));
            return true;
        }
        if (wireType != ProtoWire.LengthDelimited || !reader.TryReadBytes(out var payload, out int offset))
        {
            return false;
        }
        var inner = new ProtoReader(payload, offset);
        while (!inner.End)
        {
            if (!inner.TryReadVarint(out raw))
            {
                return false;
            }
            values.Add(ProtoWire.UnZigZag(raw));
        }
        return true;
    }

    /// <summary>Reads a repeated double, packed (wire type 2) or not (wire type 1).</summary>
    private static bool TryReadDoubles(ref ProtoReader reader, int wireType, List<double> values)
    {
        double d;
        if (wireType == ProtoWire.Fixed64)
        {
            if (!reader.TryReadDouble(out d))
            {
                return false;
            }
            values.Add(d);
            return true;
        }
        if (wireType != ProtoWire.LengthDelimited || !reader.TryReadBytes(out var payload, out int offset) || payload.Length % 8 != 0)
        {
            return false;
        }
        var inner = new ProtoReader(payload, offset);
        while (!inner.End)
        {
            inner.TryReadDouble(out d);
            values.Add(d);
        }
        return true;
    }
}
