using Akka.Actor;
using Akka.Hosting;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// What a ring member does with a received remote-write batch: hands each site's part to the site's
/// entity and answers only once they accepted it (429 naming the limit when a site is full, 503 when an
/// entity did not answer or while the forward queue's disk refuses writes, so the writer's durable queue
/// retries); then, in a region ring with a parent,
/// passes the batch on up. Note: a batch reaches exactly one member, so it goes up exactly once.
/// </summary>
internal sealed class RingReceive(ActorRegistry registry, string siteLabel, SiteActivity activity, TimeSpan askTimeout, ForwardQueueHealth forwardQueue)
{
    public async ValueTask ReceiveAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        // Note: a region ring passes the batch on through its forwarder's disk queue; while that disk refuses
        // writes the writer is told to retry (503) rather than given a 204 for data only held in memory.
        forwardQueue.ThrowIfRefusing();
        var region = await registry.GetAsync<SiteEntity>(cancellationToken).ConfigureAwait(false);
        var outcome = await new RingWrites(region, siteLabel, askTimeout).WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        if (outcome.Unanswered.Count > 0)
        {
            throw new RemoteWriteRefusedException(503,
                $"the ring could not store site(s) {string.Join(", ", outcome.Unanswered)}: no answer from their entities within {askTimeout.TotalSeconds:0}s (a member is joining or leaving); retry",
                reason: "ring_unanswered");
        }
        activity.Record(batch);
        if (registry.TryGet<Forwarder>(out var forwarder))
        {
            forwarder.Tell(new ForwardSamples(batch.Series), ActorRefs.NoSender);
        }
        if (outcome.Refused.Count > 0)
        {
            var (site, count) = outcome.Refused.First();
            throw new RemoteWriteRejectedException(new RemoteWriteError(RemoteWriteErrorKind.SeriesPerSite,
                $"site \"{site}\" reached its limit of {outcome.Limit} live series: {count} new series refused, existing series were updated (limit series-per-site)"), site);
        }
    }
}
