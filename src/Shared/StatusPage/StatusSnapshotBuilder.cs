using Aggregator.Shared.Hosting;
using Aggregator.Shared.Http;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// Reads the live status of this process from the holders its parts keep current (nothing is asked
/// of the actors, so the page never waits on them). The tier services are optional: a host built
/// without the tier components still has a page.
/// </summary>
internal sealed class StatusSnapshotBuilder(
    NodeContext node, ReadinessGate gate, StatusBoards boards, TimeProvider time,
    SourceStatusBoard? sources = null, SiteActivity? activity = null, UpstreamRing? upstream = null, IReloadStatus? reload = null)
{
    public StatusSnapshot Build()
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var context = reload?.Current ?? node;
        return new StatusSnapshot(
            context.Node.Id,
            context.Role == NodeRole.Node ? "node" : "aggregator",
            context.Role == NodeRole.Node ? context.Node.Site : null,
            context.Node.Ring,
            context.Upstream?.Name,
            gate.IsReady,
            gate.IsReady ? [] : gate.Reasons,
            now,
            Members(context),
            context.Role == NodeRole.Aggregator ? Sites(context, now) : [],
            Sources(),
            boards.Rules.Snapshot(),
            boards.Forwarding.Snapshot(),
            reload?.Last);
    }

    /// <summary>The sites an Aggregator expects (site Nodes below its ring, through region rings) and any other site heard from.</summary>
    public static IReadOnlyList<string> ExpectedSites(TopologyConfig topology, RingConfig ring)
    {
        var sites = new List<string>();
        var pending = new Queue<RingConfig>([ring]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var current))
        {
            if (!visited.Add(current.Name))
            {
                continue;
            }
            sites.AddRange(topology.Nodes.Where(n => n.Role == NodeRole.Node && n.Parent == current.Name).Select(n => n.Site));
            foreach (var child in topology.Rings.Where(r => r.Parent == current.Name))
            {
                pending.Enqueue(child);
            }
        }
        return sites;
    }

    private List<MemberRow> Members(NodeContext context)
    {
        // Note: an Aggregator shows its own ring as its cluster sees it; a Node the ring it forwards to, as probed.
        if (context.Role == NodeRole.Aggregator && context.Ring is { } own)
        {
            if (boards.Members.Cluster is { } cluster)
            {
                return [.. cluster.Select(m => new MemberRow(m.Id, own.Name, UrlRedaction.Redact(m.Url), m.Up, m.Self, m.State))];
            }
            return [.. context.Topology.MembersOf(own).Select(m => new MemberRow(m.Id, own.Name, UrlRedaction.Redact(m.Url), null, m.Id == context.Node.Id))];
        }
        if (context.Upstream is not { } ring)
        {
            return [];
        }
        var members = upstream?.View?.Members ?? context.Topology.MembersOf(ring);
        return [.. members.Select(m => new MemberRow(m.Id, ring.Name, UrlRedaction.Redact(m.Url), boards.Members.IsUp(m.Id), false))];
    }

    private List<SiteRow> Sites(NodeContext context, long now)
    {
        var lastSeen = activity?.LastSeen ?? new Dictionary<string, long>();
        var expected = context.Ring is { } ring ? ExpectedSites(context.Topology, ring) : [];
        var names = expected.Concat(lastSeen.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
        var series = boards.SiteSeries.Series;
        double step = SiteFreshnessHistory.DefaultStep.TotalSeconds;
        return [.. names.Select(site => new SiteRow(
            site,
            lastSeen.TryGetValue(site, out long seenMs) ? Math.Max(0, now - seenMs) / 1000.0 : null,
            series.TryGetValue(site, out int count) ? count : null,
            boards.SiteSources.Of(site),
            boards.Freshness.Samples(site),
            step))];
    }

    private List<SourceRow> Sources()
    {
        if (sources is null)
        {
            return [];
        }
        var rows = new List<SourceRow>();
        foreach (var options in sources.Sources)
        {
            var status = sources.StatusOf(options.Name);
            var poll = status?.LastPoll;
            rows.Add(new SourceRow(
                options.Name,
                poll?.Up,
                // Note: a replica URL may carry user:password@, and an error may quote it.
                UrlRedaction.Redact(status?.ActiveReplica ?? options.Urls[0]),
                [.. options.Urls.Select(UrlRedaction.Redact)],
                poll?.Error is { } error ? UrlRedaction.Redact(error) : null,
                poll?.Duration.TotalSeconds,
                poll?.TimestampMs,
                poll is { Up: true } ? poll.SamplesScraped : null));
        }
        return rows;
    }
}
