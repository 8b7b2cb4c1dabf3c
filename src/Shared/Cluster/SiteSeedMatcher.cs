using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Cluster;

/// <summary>Selects one site's series (by its site label) from a member's store.</summary>
internal sealed class SiteSeedMatcher(string siteLabel, string site) : ISeriesMatcher
{
    public IReadOnlyList<string>? ExactNames => null;

    public bool MayMatchName(string metricName) => true;

    public bool Matches(LabelSet labels) => site == SiteMessageExtractor.NoSite ? !labels.Has(siteLabel) : labels.Get(siteLabel) == site;
}
