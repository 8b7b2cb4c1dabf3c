using System.Text.RegularExpressions;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// This process's own metrics, served on /metrics. Registering a name twice returns the first
/// metric when the kind and labels match (so components may register idempotently) and fails
/// otherwise. Thread-safe; increments are lock-free.
/// </summary>
internal sealed partial class MetricsRegistry
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, ISelfMetric> _metrics = new(StringComparer.Ordinal);

    public Counter Counter(string name, string help, params string[] labelNames) =>
        Register(name, labelNames, () => new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        Register(name, labelNames, () => new Gauge(name, help, labelNames));

    public void GaugeCallback(string name, string help, Func<double> read) =>
        Register(name, [], () => new CallbackMetric(name, help, MetricType.Gauge, read));

    public void CounterCallback(string name, string help, Func<double> read) =>
        Register(name, [], () => new CallbackMetric(name, help, MetricType.Counter, read));

    /// <summary>Writes every metric, sorted by name, through <paramref name="writer"/>.</summary>
    public void WriteTo(ExpositionWriter writer)
    {
        ISelfMetric[] metrics;
        lock (_lock)
        {
            metrics = [.. _metrics.Values];
        }
        foreach (var metric in metrics)
        {
            metric.Write(writer);
        }
    }

    private T Register<T>(string name, string[] labelNames, Func<T> create)
        where T : ISelfMetric
    {
        if (!MetricName().IsMatch(name))
        {
            throw new ArgumentException($"invalid metric name '{name}'", nameof(name));
        }
        foreach (var label in labelNames)
        {
            if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid label name '{label}' for metric '{name}'", nameof(labelNames));
            }
        }
        lock (_lock)
        {
            if (_metrics.TryGetValue(name, out var existing))
            {
                if (existing is T same && existing is not CallbackMetric && SameLabels(existing, labelNames))
                {
                    return same;
                }
                throw new InvalidOperationException($"metric '{name}' is already registered with another type or labels");
            }
            var created = create();
            _metrics.Add(name, created);
            return created;
        }
    }

    private static bool SameLabels(ISelfMetric metric, string[] labelNames) => metric switch
    {
        Counter c => c.LabelNames.SequenceEqual(labelNames),
        Gauge g => g.LabelNames.SequenceEqual(labelNames),
        _ => false,
    };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();
}
