namespace Aggregator.Shared.Scraping;

/// <summary>
/// The replicas of one source (an HA pair or more) and which one is active. A poll asks
/// <see cref="Candidates"/> for the order to try them: the active replica first, then the others after it.
/// The first replica that answers completely supplies the whole poll (replicas are never mixed) and becomes
/// active; it stays active until it fails or its data stops advancing.
/// Note: not thread-safe; one poller owns it and polls one at a time.
/// </summary>
public sealed class ReplicaSet
{
    private readonly Uri[] _urls;
    private readonly int _stalePollsBeforeFailover;
    private int _active;
    private long _newestTimestampMs = long.MinValue;
    private int _pollsWithoutProgress;

    public ReplicaSet(IReadOnlyList<Uri> urls, int stalePollsBeforeFailover)
    {
        if (urls.Count == 0)
        {
            throw new ArgumentException("A source needs at least one replica URL.", nameof(urls));
        }
        _urls = [.. urls];
        _stalePollsBeforeFailover = stalePollsBeforeFailover;
    }

    public IReadOnlyList<Uri> Urls => _urls;

    /// <summary>Index of the active replica in <see cref="Urls"/>.</summary>
    public int ActiveIndex => _active;

    public Uri Active => _urls[_active];

    /// <summary>How many times the active replica changed.</summary>
    public long Failovers { get; private set; }

    /// <summary>Replica indexes in the order one poll tries them: the active one, then the rest round-robin.</summary>
    public IEnumerable<int> Candidates()
    {
        for (int k = 0; k < _urls.Length; k++)
        {
            yield return (_active + k) % _urls.Length;
        }
    }

    /// <summary>
    /// Records that <paramref name="index"/> answered a whole poll whose newest sample timestamp is
    /// <paramref name="newestTimestampMs"/> (null when the body held no timestamps). Returns true when the
    /// replica's data has not advanced for too many polls and the next poll will go to another replica.
    /// </summary>
    public bool ReportSuccess(int index, long? newestTimestampMs)
    {
        if (index != _active)
        {
            SwitchTo(index);
        }
        if (_urls.Length < 2 || _stalePollsBeforeFailover == 0 || newestTimestampMs is null)
        {
            return false;
        }
        if (newestTimestampMs.Value > _newestTimestampMs)
        {
            _newestTimestampMs = newestTimestampMs.Value;
            _pollsWithoutProgress = 0;
            return false;
        }
        _pollsWithoutProgress++;
        if (_pollsWithoutProgress < _stalePollsBeforeFailover)
        {
            return false;
        }
        SwitchTo((_active + 1) % _urls.Length);
        return true;
    }

    private void SwitchTo(int index)
    {
        _active = index;
        _newestTimestampMs = long.MinValue;
        _pollsWithoutProgress = 0;
        Failovers++;
    }
}
