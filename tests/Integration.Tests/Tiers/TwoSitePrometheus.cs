using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;
using static Aggregator.Integration.Tests.Tiers.SiteResults;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// Two sites' real Prometheus 2.42 servers, each scraping its own synthetic targets on a frozen clock (so
/// every value is constant) and recording the site rules (<c>site.yml</c> in <see cref="Dir"/>) itself: what a
/// tree test compares its Nodes' results with. Disposing stops the servers, then the targets.
/// </summary>
internal sealed class TwoSitePrometheus : IAsyncDisposable
{
    private readonly SyntheticPrometheus _targetsA;
    private readonly SyntheticPrometheus _targetsB;

    private TwoSitePrometheus(string dir, SyntheticPrometheus targetsA, SyntheticPrometheus targetsB, PrometheusServer a, PrometheusServer b)
    {
        Dir = dir;
        _targetsA = targetsA;
        _targetsB = targetsB;
        A = a;
        B = b;
    }

    /// <summary>A new temporary folder holding <c>site.yml</c>, for the test's topology and data.</summary>
    public string Dir { get; }

    /// <summary>Site dc1's Prometheus.</summary>
    public PrometheusServer A { get; }

    /// <summary>Site dc2's Prometheus.</summary>
    public PrometheusServer B { get; }

    public static async Task<TwoSitePrometheus> StartAsync(string dirPrefix, string siteRules, SyntheticSourceOptions a, SyntheticSourceOptions b)
    {
        var dir = Directory.CreateTempSubdirectory(dirPrefix).FullName;
        var frozen = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var rules = Path.Combine(dir, "site.yml");
        File.WriteAllText(rules, siteRules);
        var targetsA = await SyntheticPrometheus.StartAsync(a, frozen);
        var targetsB = await SyntheticPrometheus.StartAsync(b, frozen);
        var promA = await PrometheusServer.StartAsync(SitePrometheusConfig(targetsA.Url, rules));
        var promB = await PrometheusServer.StartAsync(SitePrometheusConfig(targetsB.Url, rules));
        return new TwoSitePrometheus(dir, targetsA, targetsB, promA, promB);
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _targetsB.DisposeAsync();
        await _targetsA.DisposeAsync();
    }
}
