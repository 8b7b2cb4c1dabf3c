using Akka;
using Akka.Actor;
using Akka.Hosting;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The actors of one process, started in its ActorSystem when the host starts: the <see cref="Forwarder"/>
/// to the parent ring (if any), one <see cref="RuleGroupActor"/> per rule group, the completeness
/// actor, and on a site Node the <see cref="SiteSupervisor"/> of its scrapers. The forwarder and the
/// completeness actor are in the <see cref="ActorRegistry"/> under their own types. A reload replaces the
/// rule groups and, when sources changed, the scrapers (TierActors.Reload.cs).
/// </summary>
internal sealed partial class TierActors(
    NodeContext node, NodeHostOptions hostOptions, RuleLoadResult rules, SeriesStore store, SiteActivity activity, UpstreamRing upstreamRing,
    MetricsRegistry registry, TimeProvider time, ILoggerFactory loggers, SourceStatusBoard board, StatusBoards status, ForwardQueueHealth forwardQueue,
    ReadinessGate readiness)
{
    private static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggers.CreateLogger("Aggregator.Tiers");
    private readonly TierMetrics _metrics = new(registry);
    private readonly Lock _lock = new();
    private ActorSystem? _system;
    private IActorRef? _forwarder;

    /// <summary>Called once, by the ActorSystem's startup (Akka.Hosting's WithActors).</summary>
    public void Start(ActorSystem system, IActorRegistry actors)
    {
        lock (_lock)
        {
            _system = system;
            // Note: a DNS ring knows no member until it is first resolved; its timer refreshes it from then on.
            if (upstreamRing.View is { IsDns: true } upstream)
            {
                _ = upstream.RefreshAsync();
            }
            _forwarder = StartForwarder(system);
            if (_forwarder is not null)
            {
                actors.Register<Forwarder>(_forwarder);
                DrainOnShutdown(system, _forwarder, RuleGroups);
            }
            StartCompleteness(system, actors);
            StartRules(node, rules);
            StartSources(node, rules);
        }
    }

    /// <summary>
    /// On SIGTERM, before the actors stop (the HTTP server has stopped taking requests by then: it stops
    /// first), stops <paramref name="writers"/> (the rule groups, so that no result comes after) and then
    /// waits until the forwarder has queued on disk every batch told to it (rule results, a region's
    /// received batches), so that what is still in its mailbox is not lost.
    /// </summary>
    public static void DrainOnShutdown(ActorSystem system, IActorRef forwarder, Func<IReadOnlyList<IActorRef>>? writers = null) =>
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "drain-forwarder", async () =>
        {
            // Note: an evaluation in progress ends first, so what it tells the forwarder is in the mailbox before the drain.
            await Task.WhenAll((writers?.Invoke() ?? []).Select(StopWriterAsync)).ConfigureAwait(false);
            await forwarder.Ask<Done>(Forwarder.Drain.Instance, DrainTimeout).ConfigureAwait(false);
            return Done.Instance;
        });

    private static async Task StopWriterAsync(IActorRef writer)
    {
        try
        {
            await writer.GracefulStop(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or AskTimeoutException)
        {
            // Note: a writer that did not stop in time may still add a batch after the drain; the drain goes on.
        }
    }

    private static TimeSpan EvaluationInterval(NodeContext context) =>
        context.Node.Sources.Count > 0 ? context.Node.Sources.Min(s => s.Interval) : DefaultEvaluationInterval;

    private IActorRef? StartForwarder(ActorSystem system)
    {
        if (node.Upstream is not { } ring)
        {
            return null;
        }
        var security = node.Topology.Security;
        var settings = new ForwarderSettings
        {
            Parent = new ParentEndpoints(node.Topology, ring, SystemDnsResolver.Instance),
            Queue = new DiskQueueOptions
            {
                Directory = Path.Combine(hostOptions.DataDirectoryOf(node.Node.Id), "forward-" + ring.Name),
                MaxBytes = node.Node.ForwardQueue.MaxBytes,
                SegmentBytes = node.Node.ForwardQueue.SegmentBytes,
            },
            SiteLabel = node.Topology.SiteLabel,
            // Note: a Node adds its site label; a region Aggregator forwards series that already carry one.
            Site = node.Role == NodeRole.Node ? node.Node.Site : null,
            Auth = SourceOptionsMapping.ToAuth(security.ClientAuth),
            Tls = SourceOptionsMapping.ToTls(security.Client),
            Status = status.Forwarding,
            Health = forwardQueue,
            HoldReadiness = readiness.Hold,
            OpenQueue = hostOptions.OpenForwardQueue ?? DurableQueue.Open,
        };
        return system.ActorOf(Forwarder.Props(settings, _metrics, loggers.CreateLogger("Aggregator.Forwarding"), time), "forward-" + ring.Name);
    }

    /// <summary>A ring member watches its own ring (sites, shards, members from its cluster); a site Node probes the ring it forwards to.</summary>
    private void StartCompleteness(ActorSystem system, IActorRegistry actors)
    {
        if (node.Role == NodeRole.Aggregator && node.Ring is { } ring)
        {
            // Note: the region is registered by the ring's cluster wiring (RingCluster), whose actors start first.
            var inputs = new CompletenessActor.Inputs(store, activity, actors.Get<SiteEntity>(), node.Topology, ring, hostOptions.CompletenessInterval) { Status = status };
            actors.Register<CompletenessActor>(system.ActorOf(CompletenessActor.Props(inputs, new CompletenessMetrics(registry)), "completeness"));
        }
        else if (upstreamRing.View is { } upstream)
        {
            var inputs = new UpstreamProbeActor.Inputs(upstream, () => TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromSeconds(30)), hostOptions.CompletenessInterval)
            {
                Status = status,
            };
            actors.Register<UpstreamProbeActor>(system.ActorOf(UpstreamProbeActor.Props(inputs, new CompletenessMetrics(registry)), "upstream-probe"));
        }
    }
}
