using Akka.Actor;
using Akka.Cluster.Sharding;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Cluster;

/// <summary>What one member runs in its ring's cluster: the shard region of site entities, its global view, and the write path into them.</summary>
internal sealed record RingMember(IActorRef Region, IActorRef View, RingWrites Writes)
{
    /// <summary>Default wait for an entity's answer to a write; the Node retries a 503 from its durable queue.</summary>
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Starts the region and the view on a cluster-provider <paramref name="system"/> configured by <see cref="ClusterHocon"/>.</summary>
    public static RingMember Start(ActorSystem system, RingMemberOptions options)
    {
        var entity = new SiteEntitySettings
        {
            Topic = ClusterHocon.Topic,
            SeriesLimit = long.MaxValue,
            Lookback = options.Lookback,
            Time = options.Time,
            Seed = site => Seed(options.Store, options.SiteLabel, site),
            OnRefused = options.OnRefused,
        };
        var region = ClusterSharding.Get(system).Start(
            ClusterHocon.EntityType,
            site => SiteEntity.Props(site, entity with { SeriesLimit = options.SeriesLimitOf(site) is > 0 and var limit ? limit : long.MaxValue }),
            ClusterShardingSettings.Create(system),
            new SiteMessageExtractor(options.Shards));
        var view = system.ActorOf(GlobalView.Props(new GlobalViewSettings
        {
            Store = options.Store,
            Region = region,
            Topic = ClusterHocon.Topic,
            ReadyDeadline = options.Lookback,
            OnSiteSeen = options.OnSiteSeen,
            OnResync = options.OnResync,
            OnReady = options.OnReady,
        }), GlobalView.Name);
        return new RingMember(region, view, new RingWrites(region, options.SiteLabel, options.AskTimeout));
    }

    private static IEnumerable<WriteSeries> Seed(SeriesStore store, string siteLabel, string site)
    {
        foreach (var family in store.SelectLatest(new SiteSeedMatcher(siteLabel, site)))
        {
            foreach (var series in family.Series.ToArray())
            {
                yield return new WriteSeries(series.Labels, [series.Sample]);
            }
        }
    }
}

/// <summary>What <see cref="RingMember.Start"/> needs from the topology and the host.</summary>
internal sealed record RingMemberOptions
{
    public required SeriesStore Store { get; init; }

    public required string SiteLabel { get; init; }

    public required int Shards { get; init; }

    /// <summary>Each site's series limit (<c>limits.series-per-site</c>); 0 for none.</summary>
    public required Func<string, long> SeriesLimitOf { get; init; }

    public required TimeSpan Lookback { get; init; }

    public required TimeProvider Time { get; init; }

    public TimeSpan AskTimeout { get; init; } = RingMember.DefaultAskTimeout;

    public Action<string, int> OnRefused { get; init; } = (_, _) => { };

    public Action<string, long, long> OnSiteSeen { get; init; } = (_, _, _) => { };

    /// <summary>The view found a gap in a site's changes and asked for its snapshot again.</summary>
    public Action<string> OnResync { get; init; } = _ => { };

    public Action OnReady { get; init; } = () => { };
}
