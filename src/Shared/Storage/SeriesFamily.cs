namespace Aggregator.Shared.Storage;

/// <summary>
/// The selected series of one metric name, sorted by <see cref="SeriesOrder"/>.
/// Note: <see cref="Series"/> is a buffer the enumerator reuses for the next family (that is what keeps
/// a 1M-series selection in bounded memory); copy it if it must outlive the iteration step.
/// </summary>
public readonly record struct SeriesFamily(string Name, MetricMetadata Metadata, ReadOnlyMemory<SeriesSample> Series);
