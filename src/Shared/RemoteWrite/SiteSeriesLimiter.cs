using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Counts the live series of each site and refuses a batch that would take a site over its limit
/// (<c>series-per-site</c>; answered 429 and counted per site). A series is live while it was written
/// within <paramref name="lookback"/>, as in the view; stale markers never make a series live.
/// Thread-safe: one lock per site, so sites never wait for each other. Series are keyed by their label
/// hash mixed with a per-process randomized hash, so crafted hash collisions cannot hide new series.
/// </summary>
internal sealed class SiteSeriesLimiter(Func<string, long> limitOf, TimeSpan lookback)
{
    private readonly Lock _sitesLock = new();
    private readonly Dictionary<string, SiteSeries> _sites = new(StringComparer.Ordinal);
    private readonly long _lookbackMs = Math.Max(1, (long)lookback.TotalMilliseconds);

    /// <summary>
    /// Admits every site's series of <paramref name="batch"/> (grouped by <paramref name="siteLabel"/>;
    /// series without it are not limited), or throws the first site's refusal for the receiver to answer.
    /// </summary>
    public void AdmitOrThrow(WriteBatch batch, string siteLabel, long nowMs)
    {
        var bySite = new Dictionary<string, List<WriteSeries>>(StringComparer.Ordinal);
        foreach (var series in batch.Series)
        {
            if (series.Labels.Get(siteLabel) is { Length: > 0 } site)
            {
                if (!bySite.TryGetValue(site, out var list))
                {
                    bySite[site] = list = [];
                }
                list.Add(series);
            }
        }
        foreach (var (site, series) in bySite)
        {
            if (TryAdmit(site, series, nowMs) is { } refused)
            {
                throw new RemoteWriteRejectedException(refused, site);
            }
        }
    }

    /// <summary>Live series of <paramref name="site"/> as of the last admission or sweep.</summary>
    public int Count(string site) => Site(site).Count;

    /// <summary>
    /// Admits the series of one site's batch, or returns the 429 error naming the site, the limit and
    /// the first new series over it (then nothing is recorded).
    /// </summary>
    public RemoteWriteError? TryAdmit(string site, IReadOnlyList<WriteSeries> series, long nowMs)
    {
        long limit = limitOf(site);
        var state = Site(site);
        lock (state.Lock)
        {
            state.SweepIfDue(nowMs, _lookbackMs);
            int added = 0;
            int firstOver = -1;
            Span<ulong> keys = series.Count <= 256 ? stackalloc ulong[series.Count] : new ulong[series.Count];
            for (int i = 0; i < series.Count; i++)
            {
                keys[i] = Key(series[i].Labels);
                if (IsLive(series[i]) && !state.LastSeen.ContainsKey(keys[i]))
                {
                    added++;
                    if (limit > 0 && state.LastSeen.Count + added > limit && firstOver < 0)
                    {
                        firstOver = i;
                    }
                }
            }
            if (firstOver >= 0)
            {
                return new RemoteWriteError(RemoteWriteErrorKind.SeriesPerSite,
                    $"site \"{site}\" holds {state.LastSeen.Count} live series and this request adds {added}: over the limit of {limit} (limit series-per-site)",
                    firstOver, Series: RemoteWriteSeriesText.Of(series[firstOver].Labels));
            }
            for (int i = 0; i < series.Count; i++)
            {
                if (IsLive(series[i]))
                {
                    state.LastSeen[keys[i]] = nowMs;
                }
                else
                {
                    // Note: a series sent only as stale markers leaves the view now, and frees its place.
                    state.LastSeen.Remove(keys[i]);
                }
            }
            return null;
        }
    }

    private SiteSeries Site(string site)
    {
        lock (_sitesLock)
        {
            if (!_sites.TryGetValue(site, out var state))
            {
                state = new SiteSeries();
                _sites.Add(site, state);
            }
            return state;
        }
    }

    private static bool IsLive(WriteSeries series)
    {
        if (series.Histograms.Count > 0)
        {
            return true;
        }
        foreach (var sample in series.Samples)
        {
            if (!StaleMarker.IsStale(sample.Value))
            {
                return true;
            }
        }
        return false;
    }

    private static ulong Key(LabelSet labels)
    {
        var hash = default(HashCode);
        foreach (var label in labels.AsSpan())
        {
            hash.Add(label.Name, StringComparer.Ordinal);
            hash.Add(label.Value, StringComparer.Ordinal);
        }
        return labels.Hash ^ ((ulong)(uint)hash.ToHashCode() << 32);
    }

    private sealed class SiteSeries
    {
        private long _nextSweepMs = long.MinValue;

        public Lock Lock { get; } = new();

        public Dictionary<ulong, long> LastSeen { get; } = [];

        public int Count
        {
            get
            {
                lock (Lock)
                {
                    return LastSeen.Count;
                }
            }
        }

        /// <summary>Forgets series not written within the lookback; at most four sweeps per lookback.</summary>
        public void SweepIfDue(long nowMs, long lookbackMs)
        {
            if (nowMs < _nextSweepMs)
            {
                return;
            }
            _nextSweepMs = nowMs + Math.Max(1, lookbackMs / 4);
            long oldest = nowMs - lookbackMs;
            foreach (var (key, seen) in LastSeen)
            {
                if (seen < oldest)
                {
                    LastSeen.Remove(key);
                }
            }
        }
    }
}
