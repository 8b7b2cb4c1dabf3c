using System.Buffers.Binary;
using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>
/// Decodes one <c>io.prometheus.client.MetricFamily</c> message into sink calls, flattening classic
/// histograms and summaries into series as Prometheus's protobuf parser does (<c>_count</c>,
/// <c>_sum</c>, then <c>_bucket</c> per bound with <c>le</c> spelled in OpenMetrics style and a
/// synthesised <c>+Inf</c> bucket; <c>_count</c>, <c>_sum</c>, then one series per quantile).
/// Native histograms are delivered whole.
/// </summary>
internal sealed partial class ProtobufFamilyDecoder
{
    private const byte SuffixNone = 0;
    private const byte SuffixCount = 1;
    private const byte SuffixSum = 2;
    private const byte SuffixBucket = 3;

    private readonly ExpositionCache _cache;
    private readonly IExpositionSink _sink;
    private readonly bool _strict;
    private LabelPairRange[] _labels = new LabelPairRange[16];
    private int _labelCount;
    private LabelField[] _labelFields = new LabelField[16];
    private int _labelFieldCount;
    private bool _labelsParsed;
    private byte[] _key = new byte[256];
    private byte[] _name = new byte[128];
    private Label[] _labelBuffer = new Label[16];
    private byte[] _utf8 = new byte[256];

    public ProtobufFamilyDecoder(ExpositionCache cache, IExpositionSink sink, bool strict)
    {
        _cache = cache;
        _sink = sink;
        _strict = strict;
    }

    public long Samples { get; private set; }

    public long Histograms { get; private set; }

    /// <summary>Exemplars passed over (counter field 2, bucket field 3, native histogram field 16).</summary>
    public long Exemplars { get; private set; }

    /// <summary>The family decoded last (for linting), or null.</summary>
    public MetricFamilyInfo? LastFamily { get; private set; }

    public int LastMetricCount { get; private set; }

    /// <summary>Whether the family decoded last carried a help field.</summary>
    public bool LastHadHelp { get; private set; }

    public void Decode(ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> name = default, help = default, unit = default;
        int type = 0;
        bool hasHelp = false;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    name = reader.ReadBytes(wire);
                    break;
                case 2:
                    help = reader.ReadBytes(wire);
                    hasHelp = true;
                    break;
                case 3:
                    type = (int)reader.ReadVarintField(wire);
                    break;
                case 5:
                    unit = reader.ReadBytes(wire);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (name.IsEmpty || Text.TextLineParser.ScanMetricName(name, 0) != name.Length)
        {
            throw new ProtoFormatException(0, $"invalid metric family name \"{Text.TextLineParser.Printable(name)}\"");
        }
        if (type is < 0 or > 5)
        {
            throw new ProtoFormatException(0, $"unknown metric type {type}");
        }
        if (!System.Text.Unicode.Utf8.IsValid(help) || !System.Text.Unicode.Utf8.IsValid(unit))
        {
            throw new ProtoFormatException(0, "help or unit is not valid UTF-8");
        }
        var family = GetFamily(name, help, unit, type);
        LastFamily = family;
        LastHadHelp = hasHelp;
        LastMetricCount = 0;
        reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 4)
            {
                int at = reader.Position;
                try
                {
                    DecodeMetric(reader.ReadBytes(wire), name, family, type);
                }
                catch (ProtoFormatException e) when (e.Offset >= 0)
                {
                    throw new ProtoFormatException(-1 - at, e.Message);
                }
                LastMetricCount++;
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private void DecodeMetric(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, MetricFamilyInfo family, int type)
    {
        _labelCount = 0;
        _labelFieldCount = 0;
        _labelsParsed = false;
        ReadOnlySpan<byte> value = default;
        long? timestamp = null;
        int valueField = ValueField(type);
        var reader = new ProtoReader(metric);
        while (true)
        {
            int fieldStart = reader.Position;
            if (!reader.TryReadTag(out int field, out int wire))
            {
                break;
            }
            if (field == 1)
            {
                reader.ReadBytesRange(wire, out int start, out int length);
                AddLabelField(fieldStart, reader.Position, start, length);
            }
            else if (field == 6)
            {
                timestamp = (long)reader.ReadVarintField(wire);
            }
            else if (field == valueField)
            {
                value = reader.ReadBytes(wire);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        switch (type)
        {
            case 2:
                EmitSummary(metric, value, name, family, timestamp);
                break;
            case 4:
            case 5:
                EmitHistogram(metric, value, name, family, timestamp, gauge: type == 5);
                break;
            default:
                Emit(metric, name, SuffixNone, default, family, ReadSingleDouble(value, counter: type == 0), timestamp);
                break;
        }
    }

    private static int ValueField(int type) => type switch
    {
        0 => 3,
        1 => 2,
        2 => 4,
        3 => 5,
        _ => 7,
    };

    private double ReadSingleDouble(ReadOnlySpan<byte> message, bool counter)
    {
        double v = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 1)
            {
                v = reader.ReadDouble(wire);
            }
            else
            {
                // Note: Counter.exemplar (2) is passed over like every field we do not keep, but counted.
                Exemplars += counter && field == 2 ? 1 : 0;
                reader.Skip(wire);
            }
        }
        return v;
    }

    /// <summary>Notes where a label field sits; its pair is only decoded when the series is not cached.</summary>
    private void AddLabelField(int fieldStart, int fieldEnd, int pairStart, int pairLength)
    {
        if (_labelFieldCount == _labelFields.Length)
        {
            Array.Resize(ref _labelFields, _labelFields.Length * 2);
        }
        _labelFields[_labelFieldCount++] = new LabelField(fieldStart, fieldEnd, pairStart, pairLength);
    }

    /// <summary>Decodes the label pairs noted by <see cref="AddLabelField"/> (on a series-cache miss).</summary>
    private void ParseLabels(ReadOnlySpan<byte> metric)
    {
        if (_labelsParsed)
        {
            return;
        }
        _labelsParsed = true;
        _labelCount = 0;
        for (int i = 0; i < _labelFieldCount; i++)
        {
            AddLabel(metric, _labelFields[i].PairStart, _labelFields[i].PairLength);
        }
    }

    private void AddLabel(ReadOnlySpan<byte> metric, int start, int length)
    {
        var pair = metric.Slice(start, length);
        var reader = new ProtoReader(pair);
        int nameStart = 0, nameLength = 0, valueStart = 0, valueLength = 0;
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 1)
            {
                reader.ReadBytesRange(wire, out nameStart, out nameLength);
            }
            else if (field == 2)
            {
                reader.ReadBytesRange(wire, out valueStart, out valueLength);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }
        _labels[_labelCount++] = new LabelPairRange(start + nameStart, nameLength, start + valueStart, valueLength);
    }

    private MetricFamilyInfo GetFamily(ReadOnlySpan<byte> name, ReadOnlySpan<byte> help, ReadOnlySpan<byte> unit, int type)
    {
        int length = name.Length + help.Length + unit.Length + 3;
        EnsureCapacity(ref _key, length);
        var key = _key.AsSpan(0, length);
        key[0] = (byte)type;
        name.CopyTo(key[1..]);
        key[1 + name.Length] = 0xff;
        help.CopyTo(key[(2 + name.Length)..]);
        key[2 + name.Length + help.Length] = 0xff;
        unit.CopyTo(key[(3 + name.Length + help.Length)..]);
        if (_cache.Metadata.TryGet(key, out var cached, out uint hash))
        {
            return cached;
        }
        var metricType = type switch
        {
            0 => MetricType.Counter,
            1 => MetricType.Gauge,
            2 => MetricType.Summary,
            4 => MetricType.Histogram,
            5 => MetricType.GaugeHistogram,
            _ => MetricType.Untyped,
        };
        var info = new MetricFamilyInfo(_cache.Strings.Intern(name), metricType, Encoding.UTF8.GetString(help), _cache.Strings.Intern(unit));
        _cache.Metadata.Add(key, hash, info);
        return info;
    }

    /// <summary>Delivers one flat sample; <paramref name="extra"/> is the le/quantile bound (NaN bits = none).</summary>
    private void Emit(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra, MetricFamilyInfo family,
        double value, long? timestamp)
    {
        var series = GetSeries(metric, name, suffix, extra);
        Samples++;
        _sink.OnSample(new ExposedSample(family, series, value, timestamp));
    }

    /// <summary>
    /// The series of the current metric with a suffix and extra label. Note: the cache keeps no copy of the
    /// encoded labels (<see cref="SeriesHashCache"/>): the series it expects next, or else each one whose hash
    /// of the encoded label fields matches, is confirmed against this metric's label pairs
    /// (<see cref="IsSeries"/>), so a cached series costs neither building a label set nor hashing.
    /// </summary>
    private LabelSet GetSeries(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra)
    {
        var cache = _cache.Series;
        if (cache.TryPeekNext(out var predicted) && IsSeries(predicted, metric, name, suffix, extra))
        {
            cache.TakeNext();
            return predicted;
        }
        uint hash = HashOfKey(metric, name, suffix, extra);
        int probe = -1;
        for (int index = cache.NextCandidate(hash, ref probe); index >= 0; index = cache.NextCandidate(hash, ref probe))
        {
            if (IsSeries(cache.ValueAt(index), metric, name, suffix, extra))
            {
                cache.Use(index);
                return cache.ValueAt(index);
            }
        }
        ParseLabels(metric);
        var set = BuildSeries(metric, name, suffix, extra);
        // Note: label pairs the fast confirmation does not read (out of order, say) still find their series.
        probe = -1;
        for (int index = cache.NextCandidate(hash, ref probe); index >= 0; index = cache.NextCandidate(hash, ref probe))
        {
            if (cache.ValueAt(index).Equals(set))
            {
                cache.Use(index);
                return cache.ValueAt(index);
            }
        }
        cache.Add(hash, set);
        return set;
    }

    /// <summary>Whether <paramref name="set"/> is this metric's series: the wire walk first, the pair-by-pair walk when it cannot tell.</summary>
    private bool IsSeries(LabelSet set, ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra) =>
        ConfirmsCanonical(set, metric, name, suffix, extra) || Confirms(set, metric, name, suffix, extra);

    /// <summary>
    /// A seeded hash of what identifies the series in the body: suffix, extra label, family name and the label
    /// fields exactly as encoded. Note: seeded per process, so a source cannot aim its series at one slot.
    /// </summary>
    private uint HashOfKey(ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra)
    {
        int length = name.Length + 11;
        for (int i = 0; i < _labelFieldCount; i++)
        {
            length += _labelFields[i].End - _labelFields[i].Start;
        }
        EnsureCapacity(ref _key, length);
        var key = _key.AsSpan();
        int n = 0;
        key[n++] = suffix;
        key[n++] = (byte)extra.Kind;
        BinaryPrimitives.WriteDoubleLittleEndian(key[n..], extra.Bound);
        n += 8;
        name.CopyTo(key[n..]);
        n += name.Length;
        key[n++] = 0xff;
        for (int i = 0; i < _labelFieldCount; i++)
        {
            int start = _labelFields[i].Start;
            int end = _labelFields[i].End;
            while (i + 1 < _labelFieldCount && _labelFields[i + 1].Start == end)
            {
                end = _labelFields[++i].End;
            }
            metric[start..end].CopyTo(key[n..]);
            n += end - start;
        }
        ulong h = Hashing.XxHash64.Hash(key[..n], KeySeed);
        return (uint)(h ^ (h >> 32)) & _cache.SeriesHashMask;
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[Math.Max(length, buffer.Length * 2)];
        }
    }

    private readonly record struct LabelPairRange(int NameStart, int NameLength, int ValueStart, int ValueLength);

    /// <summary>One label field of a Metric: the whole field (tag to end) and its LabelPair content.</summary>
    private readonly record struct LabelField(int Start, int End, int PairStart, int PairLength);

    /// <summary>The extra label a flattened series carries: none, <c>le</c> or <c>quantile</c>.</summary>
    private readonly record struct ExtraLabel(ExtraKind Kind, double Bound);

    private enum ExtraKind : byte
    {
        None = 0,
        Le,
        Quantile,
    }
}
