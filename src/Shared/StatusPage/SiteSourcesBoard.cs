using System.Collections.Concurrent;

namespace Aggregator.Shared.StatusPage;

/// <summary>A site's sources as its Node last reported them: how many are up, of how many.</summary>
internal sealed record SiteSources(int Up, int Total);

/// <summary>The sources up/total of each site, as an Aggregator last fetched them from the sites' Nodes. Thread-safe.</summary>
internal sealed class SiteSourcesBoard
{
    private readonly ConcurrentDictionary<string, SiteSources?> _sites = new(StringComparer.Ordinal);

    /// <summary>Records a site's sources, or null when its Node could not be asked.</summary>
    public void Set(string site, SiteSources? sources) => _sites[site] = sources;

    public SiteSources? Of(string site) => _sites.GetValueOrDefault(site);
}
