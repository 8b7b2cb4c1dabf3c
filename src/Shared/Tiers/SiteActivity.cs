using System.Collections.Concurrent;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// When each site was last heard from on this member: the receive path stamps every site a
/// remote-write batch carries, and the completeness metrics read the stamps. Thread-safe.
/// </summary>
internal sealed class SiteActivity(string siteLabel, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _lastSeenMs = new(StringComparer.Ordinal);

    public void Record(WriteBatch batch)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        string? previous = null;
        foreach (var series in batch.Series)
        {
            // Note: a batch usually comes from one site, so comparing with the previous one skips most lookups.
            if (series.Labels.Get(siteLabel) is { Length: > 0 } site && site != previous)
            {
                _lastSeenMs[site] = now;
                previous = site;
            }
        }
    }

    /// <summary>Records that <paramref name="site"/> was last heard from at <paramref name="unixMs"/> (as its ring entity reports), keeping the latest stamp.</summary>
    public void Stamp(string site, long unixMs) => _lastSeenMs.AddOrUpdate(site, unixMs, (_, previous) => Math.Max(previous, unixMs));

    /// <summary>Sites heard from, with the unix milliseconds they were last heard from.</summary>
    public IReadOnlyDictionary<string, long> LastSeen => _lastSeenMs;
}
