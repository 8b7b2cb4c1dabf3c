using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>A gauge read when /metrics is served (uptime, queue lengths owned elsewhere).</summary>
internal sealed class CallbackGauge(string name, string help, Func<double> read) : ISelfMetric
{
    public string Name { get; } = name;

    public void Write(ExpositionWriter writer)
    {
        writer.BeginFamily(Name, MetricType.Gauge, help);
        writer.WriteSample(Name, [], read(), null);
        writer.EndFamily();
    }
}
