using Akka.Actor;
using Akka.Cluster.Sharding;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Keeps a ring member's completeness self-metrics current: per site, when it was last heard from and
/// how many series this member holds for it (on a timer, so /metrics stays cheap); the shards of site
/// entities its shard region hosts (asked of the region on the same timer); and the ring's members as
/// its Akka.Cluster sees them (on every member and reachability event), for the metrics and the status page.
/// </summary>
internal sealed class CompletenessActor : ReceiveActor, IWithTimers
{
    private static readonly object TickKey = "tick";

    private readonly Inputs _inputs;
    private readonly CompletenessMetrics _metrics;
    private readonly RingMemberStates _members;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private bool _leaving;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public CompletenessActor(Inputs inputs, CompletenessMetrics metrics)
    {
        _inputs = inputs;
        _metrics = metrics;
        _members = new RingMemberStates(inputs.Topology, inputs.Ring, Akka.Cluster.Cluster.Get(Context.System).SelfAddress, inputs.Topology.Security.ServesTls);
        Receive<Tick>(_ => OnTick());
        Receive<CurrentShardRegionState>(state => _metrics.ShardsOwned.WithLabels(_inputs.Ring.Name).Set(state.Shards.Count));
        ReceiveAny(message =>
        {
            if (_members.Apply(message))
            {
                PublishMembers();
            }
            else
            {
                Unhandled(message);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>What the actor reads: the member's store, site activity and shard region, its ring, and how often it counts.</summary>
    public sealed record Inputs(SeriesStore Store, SiteActivity Activity, IActorRef Region, TopologyConfig Topology, RingConfig Ring, TimeSpan Interval)
    {
        /// <summary>Where the status page reads member state and series per site; none in tests that only read metrics.</summary>
        public StatusBoards? Status { get; init; }
    }

    public static Props Props(Inputs inputs, CompletenessMetrics metrics) =>
        Akka.Actor.Props.Create(() => new CompletenessActor(inputs, metrics));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(Akka.Cluster.ClusterEvent.IMemberEvent), typeof(Akka.Cluster.ClusterEvent.IReachabilityEvent));
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer(TickKey, Tick.Instance, _inputs.Interval, _inputs.Interval);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnTick()
    {
        // Note: a leaving member's region hands its shards off and stops; asking it then only makes dead letters.
        if (!_leaving)
        {
            _inputs.Region.Tell(GetShardRegionState.Instance);
        }
        CountSeries();
    }

    private void PublishMembers()
    {
        var rows = _members.Rows();
        _leaving = rows.Any(r => r.Self && r.State is "leaving" or "exiting" or "down" or "removed");
        foreach (var row in rows)
        {
            _metrics.MemberUp.WithLabels(_inputs.Ring.Name, row.Id).Set(row.Up ? 1 : 0);
            _reported.Add(row.Id);
        }
        // Note: a DNS ring's member that left for good stops being reported rather than staying down forever.
        foreach (var gone in _reported.Where(id => rows.All(r => r.Id != id)).ToList())
        {
            _metrics.MemberUp.Remove(_inputs.Ring.Name, gone);
            _reported.Remove(gone);
        }
        _inputs.Status?.Members.SetCluster(rows);
    }

    private void CountSeries()
    {
        var perSite = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var labels in _inputs.Store.SelectSeries(AllSeries.Instance))
        {
            if (labels.Get(_inputs.Topology.SiteLabel) is { Length: > 0 } site)
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

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
