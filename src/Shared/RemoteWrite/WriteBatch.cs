namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// The content of one remote-write request: series and metric metadata (Prometheus sends metadata
/// in separate requests that carry no series).
/// </summary>
public sealed record WriteBatch(IReadOnlyList<WriteSeries> Series, IReadOnlyList<RemoteMetadata> Metadata)
{
    /// <summary>A batch of series without metadata.</summary>
    public WriteBatch(IReadOnlyList<WriteSeries> series)
        : this(series, [])
    {
    }

    /// <summary>The number of float samples in all series.</summary>
    public int SampleCount
    {
        get
        {
            int n = 0;
            foreach (var s in Series)
            {
                n += s.Samples.Count;
            }
            return n;
        }
    }

    /// <summary>The number of native histogram samples in all series.</summary>
    public int HistogramCount
    {
        get
        {
            int n = 0;
            foreach (var s in Series)
            {
                n += s.Histograms.Count;
            }
            return n;
        }
    }
}
