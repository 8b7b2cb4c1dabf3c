using Akka.Actor;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// The remote-write receiver's way into the ring: splits a batch by site, sends each site's part (in
/// chunks below the frame size) to the site's entity through the shard region, and waits for every
/// answer. The writer is answered 2xx only after every entity accepted its part, so a Node's durable
/// queue keeps (and retries) what the ring could not take.
/// </summary>
internal sealed class RingWrites(IActorRef region, string siteLabel, TimeSpan askTimeout)
{
    public async Task<RingWriteOutcome> WriteAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        var asks = new List<(string Site, Task<SiteWriteAck> Ack)>();
        foreach (var (site, series) in BySite(batch))
        {
            foreach (var chunk in SeriesChunks.Split(series))
            {
                asks.Add((site, region.Ask<SiteWriteAck>(new SiteWrite(site, chunk), askTimeout, cancellationToken)));
            }
        }
        var refused = new Dictionary<string, int>(StringComparer.Ordinal);
        var failed = new List<string>();
        long limit = 0;
        foreach (var (site, ask) in asks)
        {
            try
            {
                var ack = await ask.ConfigureAwait(false);
                if (ack.Refused > 0)
                {
                    refused[site] = refused.GetValueOrDefault(site) + ack.Refused;
                    limit = ack.Limit;
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failed.Add(site);
            }
        }
        return new RingWriteOutcome(refused, limit, [.. failed.Distinct()]);
    }

    /// <summary>Groups series by their site label value, keeping the batch's order within each site.</summary>
    internal Dictionary<string, List<WriteSeries>> BySite(WriteBatch batch)
    {
        var sites = new Dictionary<string, List<WriteSeries>>(StringComparer.Ordinal);
        List<WriteSeries>? previous = null;
        string? previousSite = null;
        foreach (var series in batch.Series)
        {
            var site = series.Labels.Get(siteLabel) is { Length: > 0 } s ? s : SiteMessageExtractor.NoSite;
            // Note: a batch usually comes from one site, so comparing with the previous one skips most lookups.
            if (site != previousSite)
            {
                if (!sites.TryGetValue(site, out previous))
                {
                    sites[site] = previous = [];
                }
                previousSite = site;
            }
            previous!.Add(series);
        }
        return sites;
    }
}

/// <summary>What the ring did with a batch: series refused per site by the limit, and sites whose entity did not answer in time.</summary>
internal sealed record RingWriteOutcome(IReadOnlyDictionary<string, int> Refused, long Limit, IReadOnlyList<string> Unanswered)
{
    public bool Accepted => Refused.Count == 0 && Unanswered.Count == 0;
}
