using Aggregator.Shared.Exposition.Writing;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Writes polls into the site's <see cref="SeriesStore"/> (samples, stale markers, synthetic series), then builds
/// what <c>/federate</c> reads for the series the poll created: the families' sort orders and each new series'
/// text spelling. Note: built here, on the poll that creates a series, instead of by the first request that reads
/// it; that first /federate after start cost 12–18× a steady one at 500k–1M series (BENCHMARKS.md "Warm-up").
/// The spelling (~110 B per series) is what a Node that serves /federate held after its first request anyway.
/// </summary>
public sealed class StoreScrapeSink : IScrapeSink
{
    private static readonly Action<LabelSet> Spell = static series => TextSpelling.Of(series);

    private readonly SeriesStore _store;

    public StoreScrapeSink(SeriesStore store)
    {
        _store = store;
    }

    public void Write(string source, IReadOnlyList<ScrapedSeries> batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            var s = batch[i];
            _store.Append(s.Labels, s.Sample);
        }
        _store.PrepareReads(Spell);
    }
}
