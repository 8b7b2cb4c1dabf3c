namespace Aggregator.Shared.StatusPage;

/// <summary>How many series this member holds per site, as last counted (the completeness actor counts on its timer). Thread-safe.</summary>
internal sealed class SiteSeriesBoard
{
    private volatile IReadOnlyDictionary<string, int> _series = new Dictionary<string, int>(StringComparer.Ordinal);

    public void Set(IReadOnlyDictionary<string, int> perSite) => _series = new Dictionary<string, int>(perSite, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Series => _series;
}
