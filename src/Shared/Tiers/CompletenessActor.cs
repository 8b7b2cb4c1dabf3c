using Aggregator.Shared.Actors;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Keeps the completeness self-metrics current. On a ring member: per site, when it was last heard
/// from and how many series this member holds for it, the shards this member owns, and which ring
/// members answer <c>/-/healthy</c>. On a site Node: which members of its upstream ring answer.
/// Works on a timer, so /metrics stays cheap.
/// </summary>
internal sealed class CompletenessActor : ActorBase
{
    private static readonly object TickKey = "tick";

    private readonly Inputs _inputs;
    private readonly CompletenessMetrics _metrics;

    private CompletenessActor(Inputs inputs, CompletenessMetrics metrics)
    {
        _inputs = inputs;
        _metrics = metrics;
    }

    /// <summary>
    /// What the actor reads: the member's store and site activity (null on a Node), the ring and its
    /// members to probe, and how often.
    /// </summary>
    public sealed record Inputs(SeriesStore Store, SiteActivity? Activity, string SiteLabel, NodeConfig Self, RingView Ring, HttpClient Http, TimeSpan Interval)
    {
        /// <summary>Where the status page reads member state and series per site; none in tests that only read metrics.</summary>
        public StatusBoards? Status { get; init; }
    }

    public static Props Props(Inputs inputs, CompletenessMetrics metrics) =>
        Actors.Props.Create(() => new CompletenessActor(inputs, metrics));

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Context.Timers.StartPeriodicTimer(TickKey, Tick.Instance, _inputs.Interval);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick:
                if (_inputs.Activity is not null)
                {
                    // Note: per tick, since a DNS ring's membership (and so the placement) may have changed.
                    _metrics.ShardsOwned.WithLabels(_inputs.Ring.Name).Set(_inputs.Ring.Ring.ShardsOwnedBy(_inputs.Ring.SelfId(_inputs.Self)).Count);
                }
                CountSeries();
                ProbeMembers();
                break;
            case MemberProbed probed:
                _metrics.MemberUp.WithLabels(_inputs.Ring.Name, probed.Member).Set(probed.Up ? 1 : 0);
                _inputs.Status?.Members.Record(probed.Member, probed.Up);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void CountSeries()
    {
        if (_inputs.Activity is null)
        {
            return;
        }
        var perSite = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var labels in _inputs.Store.SelectSeries(AllSeries.Instance))
        {
            if (labels.Get(_inputs.SiteLabel) is { Length: > 0 } site)
            {
                perSite[site] = perSite.GetValueOrDefault(site) + 1;
            }
        }
        foreach (var (site, lastSeenMs) in _inputs.Activity.LastSeen)
        {
            _metrics.SiteLastSeen.WithLabels(site).Set(lastSeenMs / 1000.0);
            // Note: a site heard from but holding nothing now (all stale) reports 0 rather than vanishing.
            perSite.TryAdd(site, 0);
        }
        foreach (var (site, count) in perSite)
        {
            _metrics.SiteSeries.WithLabels(site).Set(count);
        }
        _inputs.Status?.SiteSeries.Set(perSite);
    }

    private void ProbeMembers()
    {
        string selfId = _inputs.Ring.SelfId(_inputs.Self);
        foreach (var member in _inputs.Ring.Members)
        {
            if (member.Id == selfId)
            {
                Self.Tell(new MemberProbed(member.Id, true));
                continue;
            }
            var id = member.Id;
            _ = ProbeAsync(member).PipeTo(Self, success: up => new MemberProbed(id, up), failure: _ => new MemberProbed(id, false));
        }
    }

    private async Task<bool> ProbeAsync(NodeConfig member)
    {
        using var timeout = new CancellationTokenSource(_inputs.Interval);
        using var response = await _inputs.Http.GetAsync(new Uri(member.Url, "-/healthy"), timeout.Token).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private sealed record MemberProbed(string Member, bool Up);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
