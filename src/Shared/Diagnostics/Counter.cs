using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>A monotonically increasing self-metric (name it <c>..._total</c>).</summary>
internal sealed class Counter : SelfMetric<Counter.Child>
{
    internal Counter(string name, string help, string[] labelNames)
        : base(name, help, MetricType.Counter, labelNames)
    {
    }

    /// <summary>Adds to the counter without labels.</summary>
    public void Inc(double amount = 1) => Unlabelled.Inc(amount);

    private protected override Child Create(Label[] labels) => new(labels);

    /// <summary>One labelled series of the counter.</summary>
    internal sealed class Child(Label[] labels) : SelfMetricChild(labels)
    {
        public void Inc(double amount = 1)
        {
            if (amount < 0 || double.IsNaN(amount))
            {
                throw new ArgumentOutOfRangeException(nameof(amount), "a counter only goes up");
            }
            _value.Add(amount);
        }
    }
}
