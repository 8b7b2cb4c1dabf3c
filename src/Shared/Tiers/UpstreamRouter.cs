using System.Collections.Concurrent;
using Aggregator.Shared.Actors;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Splits results by shard owner: each series goes to the R members owning the shard of its labels
/// without the site label, so every site's copy of a job-level series meets in one shard. The ring is
/// read afresh for every batch (a DNS ring changes), and a member's forwarder is started the first
/// time it owns something; a forwarder whose member left keeps draining its queue.
/// </summary>
internal sealed class UpstreamRouter(RingView view, Func<NodeConfig, IActorRef> startForwarder, string siteLabel, string? site)
{
    /// <summary>
    /// Series per remote-write request at most: a large rule group goes out as several bounded batches
    /// (as Prometheus bounds a request by max_samples_per_send), so no request nears a receiver's size limit.
    /// </summary>
    public const int MaxSeriesPerBatch = 2000;

    private readonly ConcurrentDictionary<string, IActorRef> _forwarders = new(StringComparer.Ordinal);
    private readonly Lock _starting = new();

    public ShardRing Ring => view.Ring;

    public RingView View => view;

    public void Route(IReadOnlyList<(LabelSet Labels, Sample Sample)> samples)
    {
        var ring = view.Ring;
        var perMember = new Dictionary<string, List<WriteSeries>>(ring.Members.Count);
        foreach (var (labels, sample) in samples)
        {
            var labelled = site is null ? labels : labels.With(siteLabel, site);
            var series = new WriteSeries(labelled, [sample]);
            foreach (var owner in ring.OwnersOf(ring.ShardOf(labelled, siteLabel)))
            {
                if (!perMember.TryGetValue(owner, out var list))
                {
                    perMember[owner] = list = [];
                }
                list.Add(series);
                if (list.Count == MaxSeriesPerBatch)
                {
                    Send(owner, list);
                    perMember[owner] = [];
                }
            }
        }
        foreach (var (member, series) in perMember)
        {
            if (series.Count > 0)
            {
                Send(member, series);
            }
        }
    }

    private void Send(string member, List<WriteSeries> series)
    {
        if (ForwarderOf(member) is { } forwarder)
        {
            forwarder.Tell(new ForwardSamples(series));
        }
    }

    /// <summary>Starts a forwarder for every current member now (a restarted process drains its old queues at once).</summary>
    public void StartAll()
    {
        foreach (var member in view.Members)
        {
            ForwarderOf(member.Id);
        }
    }

    private IActorRef? ForwarderOf(string member)
    {
        if (_forwarders.TryGetValue(member, out var forwarder))
        {
            return forwarder;
        }
        lock (_starting)
        {
            if (_forwarders.TryGetValue(member, out forwarder))
            {
                return forwarder;
            }
            if (view.Find(member) is not { } node)
            {
                return null;
            }
            forwarder = startForwarder(node);
            _forwarders[member] = forwarder;
            return forwarder;
        }
    }
}
