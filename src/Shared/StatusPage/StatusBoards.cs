namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The live figures the status page shows that no other part keeps: one singleton per process, its
/// boards written by the parts that know (rule groups, forwarders, completeness probes, the sampler)
/// and read by <c>/api/v1/status</c>.
/// </summary>
internal sealed class StatusBoards
{
    public RuleGroupStatusBoard Rules { get; } = new();

    public ForwardQueueBoard Forwarding { get; } = new();

    public MemberStateBoard Members { get; } = new();

    public SiteSeriesBoard SiteSeries { get; } = new();

    public SiteSourcesBoard SiteSources { get; } = new();

    public SiteFreshnessHistory Freshness { get; } = new();
}
