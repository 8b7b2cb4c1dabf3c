using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>A counter read when /metrics is served (a count kept by its owner, e.g. the store's drops).</summary>
internal sealed class CallbackCounter(string name, string help, Func<double> read) : ISelfMetric
{
    public string Name { get; } = name;

    public void Write(ExpositionWriter writer)
    {
        writer.BeginFamily(Name, MetricType.Counter, help);
        writer.WriteSample(Name, [], read(), null);
        writer.EndFamily();
    }
}
