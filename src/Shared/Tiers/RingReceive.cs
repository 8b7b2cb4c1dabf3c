using Akka.Hosting;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// What a ring member does with a received remote-write batch: hands each site's part to the site's
/// entity and answers only once they accepted it (429 naming the limit when a site is full, 503 when an
/// entity did not answer, so the writer's durable queue retries); then, in a region ring with a parent,
/// passes the batch on up. Note: a batch reaches exactly one member, so it goes up exactly once.
/// </summary>
internal sealed class RingReceive(ActorRegistry registry, string siteLabel, SiteActivity activity, UpstreamHolder upstream, TimeSpan askTimeout)
{
    public async ValueTask ReceiveAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        var region = await registry.GetAsync<SiteEntity>(cancellationToken).ConfigureAwait(false);
        var outcome = await new RingWrites(region, siteLabel, askTimeout).WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        if (outcome.Unanswered.Count > 0)
        {
            throw new RemoteWriteRefusedException(503,
                $"the ring could not store site(s) {string.Join(", ", outcome.Unanswered)}: no answer from their entities within {askTimeout.TotalSeconds:0}s (a member is joining or leaving); retry");
        }
        activity.Record(batch);
        if (upstream.Router is { } router)
        {
            var samples = new List<(Model.LabelSet, Model.Sample)>();
            foreach (var series in batch.Series)
            {
                foreach (var sample in series.Samples)
                {
                    samples.Add((series.Labels, sample));
                }
            }
            router.Route(samples);
        }
        if (outcome.Refused.Count > 0)
        {
            var sites = string.Join(", ", outcome.Refused.Select(r => $"'{r.Key}' ({r.Value} new series refused)"));
            throw new RemoteWriteRefusedException(429, $"series-per-site limit of {outcome.Limit} reached for site {sites}; existing series were updated");
        }
    }
}
