using Aggregator.Shared.Actors;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Ring;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Splits results by shard owner: each series goes to the R members owning the shard of its labels
/// without the site label, so every site's copy of a job-level series meets in one shard.
/// </summary>
internal sealed class UpstreamRouter(ShardRing ring, IReadOnlyDictionary<string, IActorRef> forwarders, string siteLabel, string? site)
{
    public ShardRing Ring => ring;

    public void Route(IReadOnlyList<(LabelSet Labels, Sample Sample)> samples)
    {
        var perMember = new Dictionary<string, List<WriteSeries>>(forwarders.Count);
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
            }
        }
        foreach (var (member, series) in perMember)
        {
            if (forwarders.TryGetValue(member, out var forwarder))
            {
                forwarder.Tell(new ForwardSamples(series));
            }
        }
    }
}
