using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>A self-metric that goes up and down.</summary>
internal sealed class Gauge : SelfMetric<Gauge.Child>
{
    internal Gauge(string name, string help, string[] labelNames)
        : base(name, help, MetricType.Gauge, labelNames)
    {
    }

    public void Set(double value) => Unlabelled.Set(value);

    public void Add(double delta) => Unlabelled.Add(delta);

    private protected override Child Create(Label[] labels) => new(labels);

    /// <summary>One labelled series of the gauge.</summary>
    internal sealed class Child(Label[] labels) : SelfMetricChild(labels)
    {
        public void Set(double value) => _value.Set(value);

        public void Add(double delta) => _value.Add(delta);

        public void Inc() => _value.Add(1);

        public void Dec() => _value.Add(-1);
    }
}
