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
/// <remarks>
/// Note: a source answers with the same series in the same order poll after poll, so the tracker keeps the last
/// poll's series as an array (8 B per series) and walks it in step with this poll's: while each series is the
/// one expected next, nothing is new and nothing can be missing. Only a poll that departs from that order builds
/// hash sets, for that poll alone. The dictionary "series → poll last seen" this replaces held ~48 B per series
/// between polls (BENCHMARKS.md "Node memory, wave 4").
/// </remarks>
public sealed class SourceStaleness
{
    private LabelSet[] _previous = [];
    private int _previousCount;
    private LabelSet[] _current = [];
    private int _currentCount;
    private int _cursor;
    private bool _inOrder = true;
    private HashSet<LabelSet>? _previousSet;
    private HashSet<LabelSet>? _currentSet;

    /// <summary>Series (distinct or not, as returned) of the last successful poll.</summary>
    public int Count => _previousCount;

    /// <summary>Records that the current poll returned <paramref name="series"/>; true if it is new to this source.</summary>
    public bool Seen(LabelSet series)
    {
        if (_inOrder)
        {
            if (_cursor < _previousCount && IsSame(_previous[_cursor], series))
            {
                Append(series);
                _cursor++;
                return false;
            }
            LeaveOrder();
        }
        Append(series);
        return _currentSet!.Add(series) && !_previousSet!.Contains(series);
    }

    /// <summary>
    /// Ends a successful poll: every series of the previous poll not <see cref="Seen"/> in this one is
    /// forgotten and written to <paramref name="sink"/> as stale at <paramref name="timestampMs"/>.
    /// Returns the number of stale markers written.
    /// </summary>
    public int CompletePoll(long timestampMs, IStaleSink sink)
    {
        int marked = 0;
        if (!_inOrder || _cursor < _previousCount)
        {
            if (_inOrder)
            {
                LeaveOrder();
            }
            foreach (var series in _previousSet!)
            {
                if (!_currentSet!.Contains(series))
                {
                    sink.MarkStale(series, timestampMs);
                    marked++;
                }
            }
        }
        (_previous, _current) = (_current, _previous);
        Array.Clear(_current, 0, _previousCount);
        _previousCount = _currentCount;
        StartPoll();
        return marked;
    }

    /// <summary>
    /// Ends a failed poll (source down, timeout, bad response): every series of the last successful
    /// poll becomes stale at <paramref name="timestampMs"/> and is forgotten. Returns how many.
    /// </summary>
    public int MarkDown(long timestampMs, IStaleSink sink)
    {
        var distinct = new HashSet<LabelSet>(_previousCount);
        for (int i = 0; i < _previousCount; i++)
        {
            if (distinct.Add(_previous[i]))
            {
                sink.MarkStale(_previous[i], timestampMs);
            }
        }
        Array.Clear(_previous, 0, _previousCount);
        Array.Clear(_current, 0, _currentCount);
        _previousCount = 0;
        StartPoll();
        return distinct.Count;
    }

    private static bool IsSame(LabelSet a, LabelSet b) => ReferenceEquals(a, b) || a.Equals(b);

    private void Append(LabelSet series)
    {
        if (_currentCount == _current.Length)
        {
            Array.Resize(ref _current, Math.Max(16, Math.Max(_currentCount * 2, _previousCount)));
        }
        _current[_currentCount++] = series;
    }

    /// <summary>This poll departed from the last one's order: from here on both are compared as sets.</summary>
    private void LeaveOrder()
    {
        _inOrder = false;
        _previousSet = new HashSet<LabelSet>(_previousCount);
        for (int i = 0; i < _previousCount; i++)
        {
            _previousSet.Add(_previous[i]);
        }
        _currentSet = new HashSet<LabelSet>(_currentCount);
        for (int i = 0; i < _currentCount; i++)
        {
            _currentSet.Add(_current[i]);
        }
    }

    private void StartPoll()
    {
        _currentCount = 0;
        _cursor = 0;
        _inOrder = true;
        _previousSet = null;
        _currentSet = null;
    }
}
