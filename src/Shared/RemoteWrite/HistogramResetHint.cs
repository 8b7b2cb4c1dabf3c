namespace Aggregator.Shared.RemoteWrite;

/// <summary>Remote-write <c>Histogram.ResetHint</c> (wire numbers).</summary>
public enum HistogramResetHint
{
    Unknown = 0,
    Yes = 1,
    No = 2,
    Gauge = 3,
}
