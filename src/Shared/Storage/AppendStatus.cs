namespace Aggregator.Shared.Storage;

/// <summary>What <see cref="SeriesStore.Append(Aggregator.Shared.Model.LabelSet, Aggregator.Shared.Model.Sample)"/> did with a sample.</summary>
public enum AppendStatus
{
    /// <summary>Stored as the series' newest sample.</summary>
    Appended,

    /// <summary>Same timestamp as the newest sample: the value was replaced (last write wins).</summary>
    Replaced,

    /// <summary>Older than the series' newest sample: dropped, as a TSDB rejects out-of-order samples.</summary>
    OutOfOrder,

    /// <summary>A stale marker ended a series that keeps no window: the series was deleted.</summary>
    Deleted,

    /// <summary>A stale marker for a series the store does not hold: nothing to do.</summary>
    StaleIgnored,
}
