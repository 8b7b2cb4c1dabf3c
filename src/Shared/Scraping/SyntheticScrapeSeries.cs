using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The per-source series Prometheus writes for every scrape (<c>up</c>, <c>scrape_duration_seconds</c>,
/// <c>scrape_samples_scraped</c>, <c>scrape_series_added</c>), labelled as Prometheus labels them for a
/// federation scrape job: <c>__name__</c>, the target labels (<c>job</c> = the source's name) and
/// <c>instance</c> = <c>host:port</c> of the replica the poll used (the active one when the poll failed);
/// no honor_labels, no exported_, timestamp = the poll's start. An explicit <c>instance</c> target label wins.
/// Note: only these series carry the instance; scraped series do not, so an HA failover changes no scraped
/// series' identity. When the active replica changes, the previous instance's four series get a stale
/// marker in the same poll, as Prometheus's scrape loop does for a target that went away.
/// </summary>
internal sealed class SyntheticScrapeSeries
{
    public const int Count = 4;

    private static readonly string[] Names = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added"];

    private readonly LabelSet _targetLabels;
    private string? _instance;
    private LabelSet[] _series = [];

    public SyntheticScrapeSeries(LabelSet targetLabels)
    {
        _targetLabels = targetLabels;
    }

    /// <summary>The <c>instance</c> label of a replica: its host and port, the port explicit even when default.</summary>
    public static string InstanceOf(Uri replica) => replica.Host + ":" + replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Appends the four series of <paramref name="report"/>, whose poll started at <paramref name="replica"/>'s turn.</summary>
    public void Append(PollReport report, Uri replica, List<ScrapedSeries> batch)
    {
        long t = report.TimestampMs;
        string instance = _targetLabels.Get("instance") ?? InstanceOf(report.Replica ?? replica);
        if (instance != _instance)
        {
            foreach (var previous in _series)
            {
                batch.Add(new ScrapedSeries(previous, new Sample(t, StaleMarker.Value)));
            }
            _series = Array.ConvertAll(Names, name => _targetLabels.With("instance", instance).With(Label.MetricName, name));
            _instance = instance;
        }
        batch.Add(new ScrapedSeries(_series[0], new Sample(t, report.Up ? 1 : 0)));
        batch.Add(new ScrapedSeries(_series[1], new Sample(t, report.Duration.TotalSeconds)));
        batch.Add(new ScrapedSeries(_series[2], new Sample(t, report.SamplesScraped)));
        batch.Add(new ScrapedSeries(_series[3], new Sample(t, report.SeriesAdded)));
    }
}
