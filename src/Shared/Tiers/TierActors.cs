using Akka;
using Akka.Actor;
using Akka.Hosting;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The actors of one process, started in its ActorSystem when the host starts: the <see cref="Forwarder"/>
/// to the parent ring (if any), one <see cref="RuleGroupActor"/> per rule group, the completeness
/// actor, and on a site Node the <see cref="SiteSupervisor"/> of its scrapers. The forwarder, the site
/// supervisor and the completeness actor are in the <see cref="ActorRegistry"/> under their own types.
/// </summary>
internal static class TierActors
{
    private static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromSeconds(15);

    public static void Start(ActorSystem system, IActorRegistry registry, IServiceProvider services, NodeContext node)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var metricsRegistry = services.GetRequiredService<MetricsRegistry>();
        var store = services.GetRequiredService<SeriesStore>();
        var rules = services.GetRequiredService<RuleLoadResult>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Tiers");
        var metrics = new TierMetrics(metricsRegistry);
        // Note: a DNS ring knows no member until it is first resolved; its timer refreshes it from then on.
        foreach (var view in new[] { services.GetRequiredService<OwnRing>().View, services.GetRequiredService<UpstreamRing>().View })
        {
            if (view is { IsDns: true })
            {
                _ = view.RefreshAsync();
            }
        }

        var forwarder = StartForwarder(system, services, node, metrics, time);
        if (forwarder is not null)
        {
            registry.Register<Forwarder>(forwarder);
            DrainOnShutdown(system, forwarder);
        }
        if (StartCompleteness(system, services, node, metricsRegistry) is { } completeness)
        {
            registry.Register<CompletenessActor>(completeness);
        }
        foreach (var warning in rules.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }
        foreach (var group in rules.Groups)
        {
            var interval = group.Interval ?? EvaluationInterval(node);
            system.ActorOf(RuleGroupActor.Props(new RuleGroupEvaluator(group), store, interval, forwarder, metrics, time), "rules-" + SiteSupervisor.ChildName(group.Name));
        }
        if (node.Role == NodeRole.Node && node.Node.Sources.Count > 0)
        {
            var pull = MinimalPull.Selectors(rules.Groups, logger);
            var sources = node.Node.Sources.Select(s => SourceOptionsMapping.ToScrapeOptions(s, pull)).ToList();
            var sink = new StoreScrapeSink(store);
            var board = services.GetRequiredService<SourceStatusBoard>();
            board.Register(sources, new SourceStatusMetrics(metricsRegistry));
            var site = system.ActorOf(SiteSupervisor.Props(sources, s => SourceScraper.Props(s, sink, logger, time, onPolled: board.Publish), logger), "site");
            registry.Register<SiteSupervisor>(site);
        }
    }

    /// <summary>
    /// On SIGTERM, before the actors stop, waits until the forwarder has queued on disk every batch told to
    /// it (rule results, a region's received batches), so that what is still in its mailbox is not lost.
    /// </summary>
    public static void DrainOnShutdown(ActorSystem system, IActorRef forwarder) =>
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "drain-forwarder", async () =>
        {
            await forwarder.Ask<Done>(Forwarder.Drain.Instance, DrainTimeout).ConfigureAwait(false);
            return Done.Instance;
        });

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private static TimeSpan EvaluationInterval(NodeContext node) =>
        node.Node.Sources.Count > 0 ? node.Node.Sources.Min(s => s.Interval) : DefaultEvaluationInterval;

    private static IActorRef? StartForwarder(ActorSystem system, IServiceProvider services, NodeContext node, TierMetrics metrics, TimeProvider time)
    {
        if (node.Upstream is not { } ring)
        {
            return null;
        }
        var security = node.Topology.Security;
        var settings = new ForwarderSettings
        {
            Parent = new ParentEndpoints(node.Topology, ring, SystemDnsResolver.Instance),
            Queue = new DiskQueueOptions { Directory = Path.Combine(services.GetRequiredService<NodeHostOptions>().DataDirectoryOf(node.Node.Id), "forward-" + ring.Name) },
            SiteLabel = node.Topology.SiteLabel,
            // Note: a Node adds its site label; a region Aggregator forwards series that already carry one.
            Site = node.Role == NodeRole.Node ? node.Node.Site : null,
            Auth = SourceOptionsMapping.ToAuth(security.ClientAuth),
            Tls = SourceOptionsMapping.ToTls(security.Client),
        };
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Forwarding");
        return system.ActorOf(Forwarder.Props(settings, metrics, logger, time), "forward-" + ring.Name);
    }

    private static IActorRef? StartCompleteness(ActorSystem system, IServiceProvider services, NodeContext node, MetricsRegistry metrics)
    {
        // Note: a ring member watches its own ring (sites, shards, peers); a site Node watches the ring it forwards to.
        var view = node.Role == NodeRole.Aggregator ? services.GetRequiredService<OwnRing>().View : services.GetRequiredService<UpstreamRing>().View;
        if (view is null)
        {
            return null;
        }
        var inputs = new CompletenessActor.Inputs(services.GetRequiredService<SeriesStore>(),
            node.Role == NodeRole.Aggregator ? services.GetRequiredService<SiteActivity>() : null, node.Topology.SiteLabel,
            node.Node, view, () => TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromSeconds(30)),
            services.GetRequiredService<NodeHostOptions>().CompletenessInterval);
        return system.ActorOf(CompletenessActor.Props(inputs, new CompletenessMetrics(metrics)), "completeness");
    }
}
