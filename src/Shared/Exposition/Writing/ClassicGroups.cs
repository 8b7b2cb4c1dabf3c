using System.Text;
using Aggregator.Shared.Exposition.Protobuf;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// Regroups flat classic histogram / summary samples (<c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>,
/// <c>{quantile}</c>) into one protobuf Metric per series, in first-seen order.
/// </summary>
internal sealed class ClassicGroups
{
    private readonly Dictionary<string, Group> _byKey = new(StringComparer.Ordinal);
    private readonly List<Group> _order = [];
    private readonly StringBuilder _key = new();

    public void Clear()
    {
        _byKey.Clear();
        _order.Clear();
    }

    public void Add(string family, string sampleName, ReadOnlySpan<Label> labels, double value, long? timestampMs)
    {
        var suffix = sampleName.StartsWith(family, StringComparison.Ordinal) ? sampleName[family.Length..] : sampleName;
        string? bound = null;
        _key.Clear();
        var kept = new List<Label>(labels.Length);
        foreach (var l in labels)
        {
            if (l.Name == Label.MetricName)
            {
                continue;
            }
            if ((l.Name == "le" && suffix == "_bucket") || (l.Name == "quantile" && suffix.Length == 0))
            {
                bound = l.Value;
                continue;
            }
            kept.Add(l);
            _key.Append(l.Name).Append('\xff').Append(l.Value).Append('\xfe');
        }
        var key = _key.ToString();
        if (!_byKey.TryGetValue(key, out var group))
        {
            group = new Group(kept);
            _byKey.Add(key, group);
            _order.Add(group);
        }
        group.TimestampMs ??= timestampMs;
        switch (suffix)
        {
            case "_count" or "_gcount":
                group.Count = value;
                break;
            case "_sum" or "_gsum":
                group.Sum = value;
                break;
            case "_bucket" when bound is not null && PromFloat.TryParseGo(Encoding.UTF8.GetBytes(bound), out double le):
                group.Bounds.Add((le, value));
                break;
            case "" when bound is not null && PromFloat.TryParseGo(Encoding.UTF8.GetBytes(bound), out double q):
                group.Bounds.Add((q, value));
                break;
        }
    }

    public void WriteTo(ProtoBuffer family, MetricType type, ProtobufExpositionWriter writer)
    {
        foreach (var g in _order)
        {
            int metric = family.BeginNested(4);
            writer.WriteLabels(g.Labels.ToArray());
            if (type == MetricType.Summary)
            {
                int s = family.BeginNested(4);
                family.WriteVarintField(1, ToCount(g.Count));
                family.WriteDoubleField(2, g.Sum);
                foreach (var (q, v) in g.Bounds)
                {
                    int quantile = family.BeginNested(3);
                    family.WriteDoubleField(1, q);
                    family.WriteDoubleField(2, v);
                    family.EndNested(quantile);
                }
                family.EndNested(s);
            }
            if (g.TimestampMs is long ts)
            {
                family.WriteVarintField(6, (ulong)ts);
            }
            if (type != MetricType.Summary)
            {
                int h = family.BeginNested(7);
                family.WriteVarintField(1, ToCount(g.Count));
                family.WriteDoubleField(2, g.Sum);
                foreach (var (le, v) in g.Bounds)
                {
                    int bucket = family.BeginNested(3);
                    family.WriteVarintField(1, ToCount(v));
                    family.WriteDoubleField(2, le);
                    family.EndNested(bucket);
                }
                family.EndNested(h);
            }
            family.EndNested(metric);
        }
    }

    private static ulong ToCount(double v) => v is >= 0 and < 1.8e19 ? (ulong)v : 0;

    private sealed class Group(List<Label> labels)
    {
        public List<Label> Labels { get; } = labels;

        public double Count { get; set; }

        public double Sum { get; set; }

        public long? TimestampMs { get; set; }

        public List<(double Bound, double Value)> Bounds { get; } = [];
    }
}
