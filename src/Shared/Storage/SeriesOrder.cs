using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// The order every sorted series stream in the project uses: metric name by code point (= UTF-8 byte
/// order, as Prometheus's /federate sorts families), then the whole label set (Prometheus's
/// <c>labels.Compare</c>). Note: Prometheus leaves the order inside one name unspecified (unstable
/// sort); we pin it to label order so that outputs are deterministic and mergeable.
/// </summary>
public sealed class SeriesOrder : IComparer<LabelSet>, IComparer<SeriesSample>
{
    /// <summary>The single instance.</summary>
    public static readonly SeriesOrder Instance = new();

    private SeriesOrder()
    {
    }

    public int Compare(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        int c = CodePointOrder.Compare(x.MetricName, y.MetricName);
        return c != 0 ? c : x.CompareTo(y);
    }

    public int Compare(SeriesSample x, SeriesSample y) => Compare(x.Labels, y.Labels);
}
