using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// A counter or gauge without labels read when /metrics is served: a value its owner keeps (the store's
/// drops, uptime, queue lengths owned elsewhere).
/// </summary>
internal sealed class CallbackMetric(string name, string help, MetricType type, Func<double> read) : ISelfMetric
{
    public string Name { get; } = name;

    public void Write(ExpositionWriter writer)
    {
        writer.BeginFamily(Name, type, help);
        writer.WriteSample(Name, [], read(), null);
        writer.EndFamily();
    }
}
