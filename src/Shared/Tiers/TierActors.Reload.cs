using System.Text.Json;
using Akka.Actor;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Reload;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The parts of the actors a reload replaces: every rule group (stopped and started again from the
/// new files), and the site's scrapers when the sources or the selectors they pull changed (an
/// unchanged source keeps polling undisturbed).
/// </summary>
internal sealed partial class TierActors : IReloadable
{
    private readonly List<IActorRef> _ruleGroups = [];
    private volatile IActorRef[] _fedGroups = [];
    private IActorRef? _site;
    private string _sourcesFingerprint = "";
    private SourceStatusMetrics? _sourceMetrics;
    private int _generation;

    public void Apply(LoadedConfig previous, LoadedConfig next)
    {
        lock (_lock)
        {
            if (_system is null)
            {
                return;
            }
            _generation++;
            foreach (var group in _ruleGroups)
            {
                _system.Stop(group);
            }
            _ruleGroups.Clear();
            StartRules(next.Node, next.Rules);
            StartSources(next.Node, next.Rules);
        }
    }

    private void StartRules(NodeContext context, RuleLoadResult loaded)
    {
        foreach (var warning in loaded.Warnings)
        {
            _logger.LogWarning("{Warning}", warning);
        }
        status.Rules.Register(loaded.Groups.Select(g => (g.Name, g.Interval ?? EvaluationInterval(context))));
        // Note: a ring member forwards its ring's rule results only while it is the ring's oldest member, so the
        // parent gets them once, not once per member; a site Node always forwards its own.
        var system = _system!;
        Func<bool>? forwards = context.Role == NodeRole.Aggregator ? () => RingSeniority.IsOldest(system) : null;
        foreach (var group in loaded.Groups)
        {
            var interval = group.Interval ?? EvaluationInterval(context);
            // Note: a new name per reload, since the stopped group's name may not be free yet.
            var name = "rules-" + SiteSupervisor.ChildName(group.Name) + (_generation == 0 ? "" : "-" + _generation);
            _ruleGroups.Add(_system!.ActorOf(RuleGroupActor.Props(new RuleGroupEvaluator(group), store, interval, _forwarder, _metrics, time, status.Rules, forwards,
                Feeds(context, interval)), name));
        }
        _fedGroups = context.Role == NodeRole.Node ? [.. _ruleGroups] : [];
    }

    /// <summary>
    /// The sources whose polls trigger a Node's group: those polled at least as often as the group evaluates (the
    /// group does not wait for a source polled less often; the fallback timer covers it).
    /// </summary>
    private static HashSet<string> Feeds(NodeContext context, TimeSpan interval) =>
        context.Role == NodeRole.Node
            ? context.Node.Sources.Where(s => s.Interval <= interval).Select(s => s.Name).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>Called by every scraper after each poll (on its own thread): the Node's rule groups evaluate on it.</summary>
    private void OnPolled(SourceStatus polled)
    {
        board.Publish(polled);
        var landed = new RuleGroupActor.PollLanded(polled.Name);
        foreach (var group in _fedGroups)
        {
            group.Tell(landed, ActorRefs.NoSender);
        }
    }

    private void StartSources(NodeContext context, RuleLoadResult loaded)
    {
        if (context.Role != NodeRole.Node)
        {
            return;
        }
        var pull = MinimalPull.Selectors(loaded.Groups, _logger);
        var sources = context.Node.Sources.Select(s => SourceOptionsMapping.ToScrapeOptions(s, pull)).ToList();
        var fingerprint = JsonSerializer.Serialize(context.Node.Sources) + JsonSerializer.Serialize(sources.Select(s => s.Match));
        if (fingerprint == _sourcesFingerprint)
        {
            return;
        }
        _sourcesFingerprint = fingerprint;
        if (_site is not null)
        {
            _system!.Stop(_site);
            _site = null;
        }
        _sourceMetrics ??= new SourceStatusMetrics(registry);
        board.Register(sources, _sourceMetrics);
        if (sources.Count > 0)
        {
            var sink = new StoreScrapeSink(store);
            _site = _system!.ActorOf(SiteSupervisor.Props(sources, s => SourceScraper.Props(s, sink, _logger, time, onPolled: OnPolled), _logger),
                _generation == 0 ? "site" : "site-" + _generation);
        }
    }
}
