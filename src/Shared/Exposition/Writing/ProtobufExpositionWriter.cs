using Aggregator.Shared.Exposition.Protobuf;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// Protobuf <c>io.prometheus.client.MetricFamily</c> output: length-delimited messages (fields in
/// field-number order and repeated doubles unpacked, byte for byte as Prometheus 2.42 sends them),
/// or Go's protobuf text / compact text rendering of the same messages. Float families are written
/// metric by metric; classic histogram and summary samples are grouped by series at the family's end.
/// </summary>
internal sealed partial class ProtobufExpositionWriter : ExpositionWriter
{
    private readonly ExpositionFormat _format;
    private readonly ProtoBuffer _family = new();
    private readonly ProtoBuffer _frame = new();
    private string _name = string.Empty;
    private MetricType _type;
    private ClassicGroups? _groups;
    private readonly EncodedProtoLabelCache _appendedLabels = new();

    public ProtobufExpositionWriter(Stream output, ExpositionFormat format, ContentEncoding encoding)
        : base(output, encoding)
    {
        _format = format;
    }

    public override ExpositionFormat Format => _format;

    // Note: a /federate family is one message, built whole here (megabytes for a large family); kept from the
    // pool, a writer per request would otherwise grow a fresh buffer to that size every request.
    private protected override void ReturnPooled()
    {
        _family.Dispose();
        _frame.Dispose();
    }

    public override void BeginFamily(string name, MetricType type, string? help = null, string? unit = null)
    {
        _name = name;
        _type = type;
        _family.Clear();
        _family.WriteStringField(1, name);
        if (help is not null)
        {
            _family.WriteStringField(2, help);
        }
        _family.WriteVarintField(3, (ulong)ProtoType(type));
        _unit = unit;
        _groups = type is MetricType.Histogram or MetricType.GaugeHistogram or MetricType.Summary ? _groups ?? new ClassicGroups() : null;
        _groups?.Clear();
    }

    private string? _unit;

    public override void WriteSample(string metricName, ReadOnlySpan<Label> labels, double value, long? timestampMs)
    {
        if (_groups is not null)
        {
            _groups.Add(_name, metricName, labels, value, timestampMs);
            return;
        }
        int metric = _family.BeginNested(4);
        WriteLabels(labels);
        WriteValue(value, timestampMs);
        _family.EndNested(metric);
    }

    private void WriteValue(double value, long? timestampMs)
    {
        int valueField = _type switch
        {
            MetricType.Counter => 3,
            MetricType.Gauge or MetricType.Info or MetricType.StateSet => 2,
            _ => 5,
        };
        int inner = _family.BeginNested(valueField);
        _family.WriteDoubleField(1, value);
        _family.EndNested(inner);
        if (timestampMs is long ts)
        {
            _family.WriteVarintField(6, (ulong)ts);
        }
    }

    /// <summary>The cached encoding of <paramref name="series"/>'s labels, built (by <see cref="WriteLabels"/>) on first use.</summary>
    private byte[] ProtoSpelling(LabelSet series)
    {
        var spelling = series.ProtoSpelling;
        if (spelling is null)
        {
            spelling = Encode(series.AsSpan());
            series.ProtoSpelling = spelling;
        }
        return spelling;
    }

    /// <summary>Encodes labels as <see cref="WriteLabels"/> would, into an array of their own.</summary>
    internal byte[] Encode(ReadOnlySpan<Label> labels)
    {
        int start = _family.Length;
        WriteLabels(labels);
        var encoded = _family.WrittenSpan[start..].ToArray();
        _family.Truncate(start);
        return encoded;
    }

    /// <summary>
    /// A float sample of a series with <paramref name="appended"/> after its labels: the series' labels come from
    /// its cached encoding (<see cref="LabelSet.ProtoSpelling"/>), the appended ones (/federate's few external
    /// labels) from a small per-writer cache. Classic histogram and summary families group samples by series
    /// first and take the label-span path.
    /// </summary>
    public override void WriteSample(LabelSet series, ReadOnlySpan<Label> appended, double value, long? timestampMs)
    {
        if (_groups is not null)
        {
            // Note: not base.WriteSample(series, ...) without appended labels: it comes back here.
            if (appended.IsEmpty)
            {
                WriteSample(series.MetricName, series.AsSpan(), value, timestampMs);
            }
            else
            {
                base.WriteSample(series, appended, value, timestampMs);
            }
            return;
        }
        int metric = _family.BeginNested(4);
        _family.WriteRaw(ProtoSpelling(series));
        foreach (var label in appended)
        {
            _family.WriteRaw(_appendedLabels.Encode(label, this));
        }
        WriteValue(value, timestampMs);
        _family.EndNested(metric);
    }

    public override void WriteSample(LabelSet series, double value, long? timestampMs) =>
        WriteSample(series, [], value, timestampMs);

    public override void WriteNativeHistogram(ReadOnlySpan<Label> labels, NativeHistogram histogram, long? timestampMs)
    {
        int metric = _family.BeginNested(4);
        WriteLabels(labels);
        if (timestampMs is long ts)
        {
            _family.WriteVarintField(6, (ulong)ts);
        }
        int h = _family.BeginNested(7);
        _family.WriteDoubleField(2, histogram.Sum);
        _family.WriteDoubleField(4, histogram.Count);
        _family.WriteSignedField(5, histogram.Schema);
        _family.WriteDoubleField(6, histogram.ZeroThreshold);
        _family.WriteDoubleField(8, histogram.ZeroCount);
        WriteSpans(9, histogram.NegativeSpans);
        foreach (var c in histogram.NegativeCounts)
        {
            _family.WriteDoubleField(11, c);
        }
        WriteSpans(12, histogram.PositiveSpans);
        foreach (var c in histogram.PositiveCounts)
        {
            _family.WriteDoubleField(14, c);
        }
        _family.EndNested(h);
        _family.EndNested(metric);
    }

    public override void EndFamily()
    {
        _groups?.WriteTo(_family, _type, this);
        if (!string.IsNullOrEmpty(_unit))
        {
            _family.WriteStringField(5, _unit);
        }
        var message = _family.WrittenSpan;
        if (_format == ExpositionFormat.ProtobufDelimited)
        {
            _frame.Clear();
            _frame.WriteVarint((uint)message.Length);
            WriteBytes(_frame.WrittenSpan);
            WriteBytes(message);
        }
        else
        {
            var text = ProtoTextPrinter.Print(message, compact: _format == ExpositionFormat.ProtobufCompactText);
            WriteUtf8(text);
        }
        _family.Clear();
    }

    internal void WriteLabels(ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label.Name == Label.MetricName)
            {
                continue;
            }
            int pair = _family.BeginNested(1);
            _family.WriteStringField(1, label.Name);
            _family.WriteStringField(2, label.Value);
            _family.EndNested(pair);
        }
    }

    private void WriteSpans(int field, IReadOnlyList<BucketSpan> spans)
    {
        foreach (var span in spans)
        {
            int s = _family.BeginNested(field);
            _family.WriteSignedField(1, span.Offset);
            _family.WriteVarintField(2, span.Length);
            _family.EndNested(s);
        }
    }

    private static int ProtoType(MetricType type) => type switch
    {
        MetricType.Counter => 0,
        MetricType.Gauge or MetricType.Info or MetricType.StateSet => 1,
        MetricType.Summary => 2,
        MetricType.Histogram => 4,
        MetricType.GaugeHistogram => 5,
        _ => 3,
    };
}
