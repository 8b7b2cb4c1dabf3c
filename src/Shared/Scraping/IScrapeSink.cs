namespace Aggregator.Shared.Scraping;

/// <summary>
/// Where a poll's samples go (the site store). One call per poll, holding the scraped samples, the stale
/// markers of series that vanished, and the synthetic <c>up</c>/<c>scrape_*</c> series, in that order.
/// The batch is the poller's own buffer, valid only during the call (the next poll refills it): a sink that
/// keeps samples after <see cref="Write"/> returns copies them.
/// </summary>
public interface IScrapeSink
{
    void Write(string source, IReadOnlyList<ScrapedSeries> batch);
}
