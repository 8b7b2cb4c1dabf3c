using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Diagnostics;

/// <summary>Anything the registry can expose on /metrics.</summary>
internal interface ISelfMetric
{
    string Name { get; }

    void Write(ExpositionWriter writer);
}
