using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>The type and help text a source declared for one metric family.</summary>
public readonly record struct MetricMetadata(MetricType Type, string Help)
{
    /// <summary>No metadata known: untyped, no help.</summary>
    public static readonly MetricMetadata Unknown = new(MetricType.Untyped, string.Empty);
}
