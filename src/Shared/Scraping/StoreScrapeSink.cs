using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Scraping;

/// <summary>Writes polls into the site's <see cref="SeriesStore"/> (samples, stale markers, synthetic series).</summary>
public sealed class StoreScrapeSink : IScrapeSink
{
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
    }
}
