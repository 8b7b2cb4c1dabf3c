using Aggregator.Shared.Actors;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Reload;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The actors of one process, started with the host and stopped on shutdown: the site's scrapers
/// (a Node), one <see cref="RuleGroupActor"/> per rule group, and one <see cref="MemberForwarder"/>
/// per member of the upstream ring. <c>/-/ready</c> stays 503 until they run.
/// </summary>
internal sealed partial class TierRuntime(
    NodeContext node, NodeHostOptions hostOptions, RuleLoadResult rules, SeriesStore store, SiteActivity activity, UpstreamHolder upstreamHolder, OwnRing ownRing,
    MetricsRegistry registry, ReadinessGate gate, TimeProvider time, ILoggerFactory loggers, SourceStatusBoard board, StatusBoards status) : IHostedService, IReloadable
{
    private static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromSeconds(15);

    private ActorSystem? _system;
    private readonly List<RemoteWriteClient> _clients = [];
    private readonly List<HttpClient> _http = [];
    private readonly List<RingView> _views = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var hold = gate.Hold("actors starting");
        var logger = loggers.CreateLogger("Aggregator.Tiers");
        _system = ActorSystem.Create(node.Node.Id, time);
        var metrics = new TierMetrics(registry);
        if (ownRing.View is { IsDns: true } own)
        {
            _ = own.RefreshAsync();
        }
        var upstream = BuildUpstream(metrics);
        upstreamHolder.Router = upstream;
        StartCompleteness(upstream);

        if (!rules.Success)
        {
            throw new InvalidOperationException("rule files failed to load:\n" + string.Join('\n', rules.Errors));
        }
        _logger = logger;
        _metrics = metrics;
        _upstream = upstream;
        StartRules(node, rules);
        StartSources(node, rules);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_system is not null)
        {
            await _system.Terminate().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var http in _http)
        {
            http.Dispose();
        }
        foreach (var view in _views)
        {
            await view.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StartCompleteness(UpstreamRouter? upstream)
    {
        // Note: a ring member watches its own ring (sites, shards, peers); a site Node watches the ring it forwards to.
        var view = node.Role == NodeRole.Aggregator ? ownRing.View : upstream?.View;
        if (view is null)
        {
            return;
        }
        var http = TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromSeconds(30));
        _http.Add(http);
        var inputs = new CompletenessActor.Inputs(store, node.Role == NodeRole.Aggregator ? activity : null, node.Topology.SiteLabel,
            node.Node, view, http, hostOptions.CompletenessInterval) { Status = status };
        _system!.ActorOf(CompletenessActor.Props(inputs, new CompletenessMetrics(registry)), "completeness");
    }

    private static TimeSpan EvaluationInterval(NodeContext context) =>
        context.Node.Sources.Count > 0 ? context.Node.Sources.Min(s => s.Interval) : DefaultEvaluationInterval;

    private UpstreamRouter? BuildUpstream(TierMetrics metrics)
    {
        if (node.Upstream is not { } ring)
        {
            return null;
        }
        var view = RingView.Create(node.Topology, ring, SystemDnsResolver.Instance, time, RingView.DnsRefresh);
        _views.Add(view);
        var security = node.Topology.Security;
        IActorRef StartForwarder(NodeConfig member)
        {
            var options = new RemoteWriteClientOptions
            {
                Url = new Uri(member.Url, "api/v1/write"),
                MaxAttempts = 5,
                Auth = SourceOptionsMapping.ToAuth(security.ClientAuth),
                Tls = SourceOptionsMapping.ToTls(security.Client),
            };
            var http = new HttpClient(RemoteWriteClient.CreateHandler(options.Tls)) { Timeout = Timeout.InfiniteTimeSpan };
            lock (_http)
            {
                _http.Add(http);
            }
            var client = new RemoteWriteClient(http, options, time);
            // Note: ip:port members of a DNS ring become folder and actor names without the colon.
            var name = "forward-" + member.Id.Replace(':', '_');
            var queue = new DiskQueueOptions { Directory = Path.Combine(hostOptions.DataDirectoryOf(node.Node.Id), name) };
            return _system!.ActorOf(MemberForwarder.Props(member.Id, client, queue, metrics, status.Forwarding), name);
        }
        // Note: a Node adds its site label; a region Aggregator forwards series that already carry one.
        string? site = node.Role == NodeRole.Node ? node.Node.Site : null;
        var router = new UpstreamRouter(view, StartForwarder, node.Topology.SiteLabel, site);
        if (view.IsDns)
        {
            _ = view.RefreshAsync().ContinueWith(_ => router.StartAll(), TaskScheduler.Default);
        }
        else
        {
            router.StartAll();
        }
        return router;
    }
}
