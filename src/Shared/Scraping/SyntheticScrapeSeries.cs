using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The per-source series Prometheus writes for every scrape: labels are <c>__name__</c> plus exactly the
/// target labels (no honor_labels, no exported_), timestamp = the poll's start.
/// </summary>
internal sealed class SyntheticScrapeSeries
{
    public const int Count = 4;

    private readonly LabelSet _up;
    private readonly LabelSet _duration;
    private readonly LabelSet _samplesScraped;
    private readonly LabelSet _seriesAdded;

    public SyntheticScrapeSeries(LabelSet targetLabels)
    {
        _up = targetLabels.With(Label.MetricName, "up");
        _duration = targetLabels.With(Label.MetricName, "scrape_duration_seconds");
        _samplesScraped = targetLabels.With(Label.MetricName, "scrape_samples_scraped");
        _seriesAdded = targetLabels.With(Label.MetricName, "scrape_series_added");
    }

    public void Append(PollReport report, List<ScrapedSeries> batch)
    {
        long t = report.TimestampMs;
        batch.Add(new ScrapedSeries(_up, new Sample(t, report.Up ? 1 : 0)));
        batch.Add(new ScrapedSeries(_duration, new Sample(t, report.Duration.TotalSeconds)));
        batch.Add(new ScrapedSeries(_samplesScraped, new Sample(t, report.SamplesScraped)));
        batch.Add(new ScrapedSeries(_seriesAdded, new Sample(t, report.SeriesAdded)));
    }
}
