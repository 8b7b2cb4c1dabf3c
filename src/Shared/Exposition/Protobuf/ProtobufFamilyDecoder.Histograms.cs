using System.Buffers.Binary;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>Summaries, classic and native histograms, and building label sets on a cache miss.</summary>
internal sealed partial class ProtobufFamilyDecoder
{
    private readonly List<BucketSpan> _positiveSpans = [];
    private readonly List<BucketSpan> _negativeSpans = [];
    private readonly List<double> _positive = [];
    private readonly List<double> _negative = [];

    private void EmitSummary(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> summary, ReadOnlySpan<byte> name, MetricFamilyInfo family, long? ts)
    {
        ulong count = 0;
        double sum = 0;
        var reader = new ProtoReader(summary);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    count = reader.ReadVarintField(wire);
                    break;
                case 2:
                    sum = reader.ReadDouble(wire);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        Emit(metric, name, SuffixCount, default, family, count, ts);
        Emit(metric, name, SuffixSum, default, family, sum, ts);
        reader = new ProtoReader(summary);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field != 3)
            {
                reader.Skip(wire);
                continue;
            }
            double q = 0, v = 0;
            var inner = new ProtoReader(reader.ReadBytes(wire));
            while (inner.TryReadTag(out int f, out int w))
            {
                if (f == 1)
                {
                    q = inner.ReadDouble(w);
                }
                else if (f == 2)
                {
                    v = inner.ReadDouble(w);
                }
                else
                {
                    inner.Skip(w);
                }
            }
            Emit(metric, name, SuffixNone, new ExtraLabel(ExtraKind.Quantile, q), family, v, ts);
        }
    }

    private void EmitHistogram(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> histogram, ReadOnlySpan<byte> name, MetricFamilyInfo family,
        long? ts, bool gauge)
    {
        ulong countInt = 0, zeroInt = 0;
        double countFloat = 0, sum = 0, zeroThreshold = 0, zeroFloat = 0;
        int schema = 0;
        bool hasBuckets = false, native = false;
        _positiveSpans.Clear();
        _negativeSpans.Clear();
        _positive.Clear();
        _negative.Clear();
        var reader = new ProtoReader(histogram);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: countInt = reader.ReadVarintField(wire); break;
                case 2: sum = reader.ReadDouble(wire); break;
                case 3: hasBuckets = true; reader.Skip(wire); break;
                case 4: countFloat = reader.ReadDouble(wire); break;
                case 5: schema = (int)reader.ReadSignedVarint(); break;
                case 6: zeroThreshold = reader.ReadDouble(wire); break;
                case 7: zeroInt = reader.ReadVarintField(wire); break;
                case 8: zeroFloat = reader.ReadDouble(wire); break;
                case 9: ReadSpan(ref reader, wire, _negativeSpans); break;
                case 10: ReadDeltas(ref reader, wire, _negative); break;
                case 11: ReadDoubles(ref reader, wire, _negative); break;
                case 12: ReadSpan(ref reader, wire, _positiveSpans); break;
                case 13: ReadDeltas(ref reader, wire, _positive); break;
                case 14: ReadDoubles(ref reader, wire, _positive); break;
                case 16: Exemplars++; reader.Skip(wire); break;
                default: reader.Skip(wire); break;
            }
            native |= field is >= 9 and <= 14 || (field == 6 && zeroThreshold > 0) || (field is 7 or 8 && (zeroInt > 0 || zeroFloat > 0));
        }
        double count = countFloat > 0 ? countFloat : countInt;
        if (native)
        {
            var h = new NativeHistogram
            {
                Schema = schema,
                ZeroThreshold = zeroThreshold,
                ZeroCount = zeroFloat > 0 ? zeroFloat : zeroInt,
                Count = count,
                Sum = sum,
                IsGauge = gauge,
                PositiveSpans = [.. _positiveSpans],
                PositiveCounts = [.. _positive],
                NegativeSpans = [.. _negativeSpans],
                NegativeCounts = [.. _negative],
            };
            Histograms++;
            _sink.OnNativeHistogram(new ExposedHistogram(family, GetSeries(metric, name, SuffixNone, default), h, ts));
            if (!hasBuckets)
            {
                return;
            }
        }
        Emit(metric, name, SuffixCount, default, family, count, ts);
        Emit(metric, name, SuffixSum, default, family, sum, ts);
        bool sawInf = false;
        reader = new ProtoReader(histogram);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field != 3)
            {
                reader.Skip(wire);
                continue;
            }
            ulong cumulative = 0;
            double cumulativeFloat = 0, bound = 0;
            var inner = new ProtoReader(reader.ReadBytes(wire));
            while (inner.TryReadTag(out int f, out int w))
            {
                switch (f)
                {
                    case 1: cumulative = inner.ReadVarintField(w); break;
                    case 2: bound = inner.ReadDouble(w); break;
                    case 3: Exemplars++; inner.Skip(w); break;
                    case 4: cumulativeFloat = inner.ReadDouble(w); break;
                    default: inner.Skip(w); break;
                }
            }
            sawInf |= double.IsPositiveInfinity(bound);
            Emit(metric, name, SuffixBucket, new ExtraLabel(ExtraKind.Le, bound), family, cumulativeFloat > 0 ? cumulativeFloat : cumulative, ts);
        }
        if (!sawInf)
        {
            Emit(metric, name, SuffixBucket, new ExtraLabel(ExtraKind.Le, double.PositiveInfinity), family, count, ts);
        }
    }

    private static void ReadSpan(ref ProtoReader reader, int wire, List<BucketSpan> spans)
    {
        var inner = new ProtoReader(reader.ReadBytes(wire));
        int offset = 0;
        uint length = 0;
        while (inner.TryReadTag(out int f, out int w))
        {
            if (f == 1)
            {
                offset = (int)inner.ReadSignedVarint();
            }
            else if (f == 2)
            {
                length = (uint)inner.ReadVarintField(w);
            }
            else
            {
                inner.Skip(w);
            }
        }
        spans.Add(new BucketSpan(offset, length));
    }

    /// <summary>Integer deltas (packed or not) turned into absolute counts.</summary>
    private static void ReadDeltas(ref ProtoReader reader, int wire, List<double> counts)
    {
        long previous = counts.Count > 0 ? (long)counts[^1] : 0;
        if (wire == 2)
        {
            var packed = new ProtoReader(reader.ReadBytes(wire));
            while (!packed.End)
            {
                previous += packed.ReadSignedVarint();
                counts.Add(previous);
            }
            return;
        }
        if (wire != 0)
        {
            throw new ProtoFormatException(reader.Position, "bucket deltas must be varints");
        }
        previous += reader.ReadSignedVarint();
        counts.Add(previous);
    }

    private static void ReadDoubles(ref ProtoReader reader, int wire, List<double> counts)
    {
        if (wire == 2)
        {
            var packed = reader.ReadBytes(wire);
            if (packed.Length % 8 != 0)
            {
                throw new ProtoFormatException(reader.Position, "packed doubles length is not a multiple of 8");
            }
            for (int i = 0; i < packed.Length; i += 8)
            {
                counts.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]));
            }
            return;
        }
        counts.Add(reader.ReadDouble(wire));
    }

    private LabelSet BuildSeries(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra)
    {
        var suffixBytes = SuffixBytes(suffix);
        EnsureCapacity(ref _name, name.Length + suffixBytes.Length);
        name.CopyTo(_name);
        suffixBytes.CopyTo(_name.AsSpan(name.Length));
        int count = _labelCount + 1 + (extra.Kind == ExtraKind.None ? 0 : 1);
        EnsureCapacity(ref _labelBuffer, count);
        _labelBuffer[0] = new Label(Label.MetricName, _cache.Strings.Intern(_name.AsSpan(0, name.Length + suffixBytes.Length)));
        for (int i = 0; i < _labelCount; i++)
        {
            ref var r = ref _labels[i];
            var labelName = metric.Slice(r.NameStart, r.NameLength);
            var labelValue = metric.Slice(r.ValueStart, r.ValueLength);
            if (!IsLabelName(labelName))
            {
                throw new ProtoFormatException(r.NameStart, $"invalid label name \"{Text.TextLineParser.Printable(labelName)}\"");
            }
            if (!System.Text.Unicode.Utf8.IsValid(labelValue))
            {
                throw new ProtoFormatException(r.ValueStart, "label value is not valid UTF-8");
            }
            _labelBuffer[i + 1] = new Label(_cache.Strings.Intern(labelName), _cache.Strings.Intern(labelValue));
        }
        if (extra.Kind != ExtraKind.None)
        {
            _labelBuffer[count - 1] = new Label(extra.Kind == ExtraKind.Le ? "le" : "quantile", _cache.Strings.Intern(_cache.Bounds.Of(extra.Bound)));
        }
        var sorted = _labelBuffer.AsSpan(0, count).ToArray();
        Array.Sort(sorted, static (a, b) => CodePointOrder.Compare(a.Name, b.Name));
        int kept = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
            {
                throw new ProtoFormatException(0, $"duplicate label name \"{sorted[i].Name}\"");
            }
            if (sorted[i].Value.Length > 0)
            {
                sorted[kept++] = sorted[i];
            }
        }
        return LabelSet.FromSortedUnsafe(kept == sorted.Length ? sorted : sorted[..kept]);
    }

    private static bool IsLabelName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        for (int i = 0; i < name.Length; i++)
        {
            byte c = name[i];
            bool ok = (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == (byte)'_' || (i > 0 && (uint)(c - '0') <= 9);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
