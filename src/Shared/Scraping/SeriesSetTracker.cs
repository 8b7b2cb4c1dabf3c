using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The set of series one source reported at its last successful poll, as Prometheus's scrape cache keeps
/// it: a series present then but missing now gets a stale marker, and a down source marks all of them.
/// </summary>
internal sealed class SeriesSetTracker
{
    private HashSet<LabelSet> _previous = [];
    private HashSet<LabelSet> _current = [];

    public int Count => _previous.Count;

    /// <summary>Adds a series of the poll in progress; returns false when it was already added in this poll.</summary>
    public bool Add(LabelSet labels) => _current.Add(labels);

    public bool WasSeenBefore(LabelSet labels) => _previous.Contains(labels);

    /// <summary>Ends the poll: appends a stale marker at <paramref name="timestampMs"/> for each vanished series.</summary>
    public int Commit(long timestampMs, List<ScrapedSeries> output)
    {
        int stale = 0;
        foreach (var labels in _previous)
        {
            if (!_current.Contains(labels))
            {
                output.Add(new ScrapedSeries(labels, new Sample(timestampMs, StaleMarker.Value)));
                stale++;
            }
        }
        (_previous, _current) = (_current, _previous);
        _current.Clear();
        return stale;
    }

    /// <summary>Abandons the poll in progress (its series are not recorded).</summary>
    public void Abandon() => _current.Clear();
}
