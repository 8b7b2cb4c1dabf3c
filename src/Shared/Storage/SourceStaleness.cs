using System.Runtime.InteropServices;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// Tracks which series one source returned in its previous successful poll, to write stale markers as
/// Prometheus's scrape loop does: a series present last time and missing now gets a stale marker at
/// this poll's timestamp; a failed poll marks every series of the last successful poll stale (once —
/// the next failure has nothing left to mark). Not thread-safe: one scraper owns one tracker.
/// <para>Usage per poll: <see cref="Seen"/> for each series in the response, then
/// <see cref="CompletePoll"/>; or <see cref="MarkDown"/> when the poll failed.</para>
/// </summary>
public sealed class SourceStaleness
{
    // Note: one dictionary "series → poll number last seen" costs one entry per series; Prometheus's
    // two swapped sets (previous/current) would cost two.
    private readonly Dictionary<LabelSet, long> _lastSeen = new();
    private readonly List<LabelSet> _missing = new();
    private long _poll = 1;

    /// <summary>Series seen in the last successful poll (or the current one, during a poll).</summary>
    public int Count => _lastSeen.Count;

    /// <summary>Records that the current poll returned <paramref name="series"/>; true if it is new to this source.</summary>
    public bool Seen(LabelSet series)
    {
        ref long last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastSeen, series, out bool existed);
        last = _poll;
        return !existed;
    }

    /// <summary>
    /// Ends a successful poll: every series of the previous poll not <see cref="Seen"/> in this one is
    /// forgotten and written to <paramref name="sink"/> as stale at <paramref name="timestampMs"/>.
    /// Returns the number of stale markers written.
    /// </summary>
    public int CompletePoll(long timestampMs, IStaleSink sink)
    {
        _missing.Clear();
        foreach (var (series, poll) in _lastSeen)
        {
            if (poll != _poll)
            {
                _missing.Add(series);
            }
        }
        foreach (var series in _missing)
        {
            _lastSeen.Remove(series);
            sink.MarkStale(series, timestampMs);
        }
        _poll++;
        return _missing.Count;
    }

    /// <summary>
    /// Ends a failed poll (source down, timeout, bad response): every series of the last successful
    /// poll becomes stale at <paramref name="timestampMs"/> and is forgotten. Returns how many.
    /// </summary>
    public int MarkDown(long timestampMs, IStaleSink sink)
    {
        int n = 0;
        foreach (var series in _lastSeen.Keys)
        {
            sink.MarkStale(series, timestampMs);
            n++;
        }
        _lastSeen.Clear();
        _poll++;
        return n;
    }
}
