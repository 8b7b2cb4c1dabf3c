using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>Receives the stale markers a <see cref="SourceStaleness"/> decides on (the store, a forwarder, or both).</summary>
public interface IStaleSink
{
    /// <summary>The series ended at <paramref name="timestampMs"/>.</summary>
    void MarkStale(LabelSet series, long timestampMs);
}
