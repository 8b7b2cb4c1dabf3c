using System.Runtime.CompilerServices;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The global view on any ring member: asks every other member's <c>/federate/local</c> in parallel
/// (with a timeout), reads its own store directly, and merges the sorted answers, replicas
/// de-duplicated (same labels: the newest sample wins). Members that fail are reported missing,
/// which the handler turns into the partial-response header or a 503 in strict mode.
/// </summary>
internal sealed class FanOutFederationSource(
    SeriesStore local, NodeConfig self, RingView? ring, SecurityConfig security, TimeProvider time, TimeSpan timeout) : IFederationSource
{
    public const string LocalPath = "/federate/local";

    public async ValueTask<FederationResult> QueryAsync(FederationQuery query, CancellationToken cancellationToken)
    {
        var localResult = await new SeriesStoreFederationSource(local).QueryAsync(query, cancellationToken).ConfigureAwait(false);
        // Note: read per request, so a DNS ring's new members are asked as soon as they resolve.
        string selfId = ring?.SelfId(self) ?? self.Id;
        var peers = ring is null ? [] : ring.Members.Where(m => m.Id != selfId).ToList();
        var fetches = peers.Select(p => FetchAsync(p, query, cancellationToken)).ToArray();
        var answers = await Task.WhenAll(fetches).ConfigureAwait(false);

        var streams = new List<IAsyncEnumerable<SeriesSample>> { localResult.Series };
        var missing = new List<string>(localResult.MissingMembers);
        for (int i = 0; i < peers.Count; i++)
        {
            if (answers[i] is { } series)
            {
                streams.Add(ToAsync(series));
            }
            else
            {
                missing.Add(peers[i].Id);
            }
        }
        return new FederationResult(SortedSeriesMerge.MergeAsync(streams, cancellationToken), missing);
    }

    private async Task<List<SeriesSample>?> FetchAsync(NodeConfig peer, FederationQuery query, CancellationToken cancellationToken)
    {
        var options = new ScrapeSourceOptions
        {
            Name = peer.Id,
            Urls = [peer.Url],
            Match = [.. query.Selectors.Select(s => "{" + string.Join(",", s.Select(m => m.ToString())) + "}")],
            MetricsPath = LocalPath,
            Timeout = timeout,
            HonorLabels = true,
            Auth = SourceOptionsMapping.ToAuth(security.ClientAuth),
            Tls = SourceOptionsMapping.ToTls(security.Client),
            // Note: text keeps this path independent of the protobuf reader's availability.
            PreferProtobuf = false,
        };
        try
        {
            using var client = new FederateClient(options, time, acceptProtobuf: false);
            using var body = await client.FetchAsync(peer.Url, cancellationToken).ConfigureAwait(false);
            var collector = new Collector();
            new ExpositionScrapeDecoder().Decode(body, collector);
            collector.Series.Sort(SeriesOrder.Instance);
            return collector.Series;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<SeriesSample> ToAsync(List<SeriesSample> series, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var s in series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return s;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed class Collector : IScrapedSampleVisitor
    {
        public List<SeriesSample> Series { get; } = [];

        // Note: a peer's /federate/local adds instance="" to series without an instance, as Prometheus does;
        // an empty value means "no such label", so it is dropped to keep the peer's copy identical to ours
        // (otherwise replicas would not de-duplicate and the merged order would break).
        public void OnSample(LabelSet labels, double value, long? timestampMs) =>
            Series.Add(new SeriesSample(labels.Get("instance") == string.Empty ? labels.Without("instance") : labels, new Sample(timestampMs ?? 0, value)));
    }
}
