using System.Collections.Concurrent;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// A metric family of this process: fixed label names, one child per distinct label values.
/// Children are created once and cached, so the hot path is a dictionary hit plus an atomic add;
/// callers that increment often keep the child.
/// </summary>
internal abstract class SelfMetric<TChild> : ISelfMetric
    where TChild : SelfMetricChild
{
    private readonly ConcurrentDictionary<LabelValues, TChild> _children = new();
    private readonly string[] _labelNames;

    private protected SelfMetric(string name, string help, MetricType type, string[] labelNames)
    {
        Name = name;
        Help = help;
        Type = type;
        _labelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>The child for these label values (in the order of the label names).</summary>
    public TChild WithLabels(params string[] values)
    {
        if (values.Length != _labelNames.Length)
        {
            throw new ArgumentException($"metric {Name} has labels ({string.Join(", ", _labelNames)}), got {values.Length} value(s)", nameof(values));
        }
        return _children.GetOrAdd(new LabelValues(values), static (key, self) => self.Create(self.BuildLabels(key.Values)), this);
    }

    /// <summary>Stops exposing the child of these label values (a labelled thing that is gone for good).</summary>
    public void Remove(params string[] values) => _children.TryRemove(new LabelValues(values), out _);

    private TChild? _unlabelled;

    /// <summary>The child of a metric without labels.</summary>
    private protected TChild Unlabelled => _unlabelled ??= WithLabels();

    public void Write(ExpositionWriter writer)
    {
        writer.BeginFamily(Name, Type, Help);
        var children = _children.ToArray();
        Array.Sort(children, static (a, b) => a.Key.CompareTo(b.Key));
        foreach (var (_, child) in children)
        {
            writer.WriteSample(Name, child.Labels, child.Value, null);
        }
        writer.EndFamily();
    }

    private protected abstract TChild Create(Label[] labels);

    private Label[] BuildLabels(string[] values)
    {
        var labels = new Label[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            labels[i] = new Label(_labelNames[i], values[i]);
        }
        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return labels;
    }
}
