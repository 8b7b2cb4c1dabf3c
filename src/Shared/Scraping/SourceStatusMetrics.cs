using Aggregator.Shared.Http;
using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The scraping self-metrics on the node's <c>/metrics</c>, following the scrapers' status:
/// <c>aggregator_source_active_replica{source,replica}</c> (1 for the replica in use, 0 for the others),
/// <c>aggregator_source_up{source}</c>, <c>aggregator_source_last_poll_timestamp_seconds{source}</c>,
/// <c>aggregator_source_failovers_total{source}</c>, <c>aggregator_scrape_failures_total{source,reason}</c> and
/// <c>aggregator_scrape_dropped_total{source,reason}</c>.
/// </summary>
internal sealed class SourceStatusMetrics
{
    private readonly Gauge _activeReplica;
    private readonly Gauge _up;
    private readonly Gauge _lastPoll;
    private readonly Counter _failovers;
    private readonly Counter _failures;
    private readonly Counter _dropped;
    private readonly Dictionary<(string Source, string Kind), long> _seen = [];
    private readonly Lock _lock = new();

    public SourceStatusMetrics(MetricsRegistry registry)
    {
        _activeReplica = registry.Gauge("aggregator_source_active_replica", "1 for the replica a source is polled from, 0 for its other replicas.", "source", "replica");
        _up = registry.Gauge("aggregator_source_up", "1 when the last poll of the source succeeded, 0 when it failed or has not run.", "source");
        _lastPoll = registry.Gauge("aggregator_source_last_poll_timestamp_seconds", "Start of the last poll of the source (Unix seconds), 0 before the first.", "source");
        _failovers = registry.Counter("aggregator_source_failovers_total", "Changes of a source's active replica.", "source");
        _failures = registry.Counter("aggregator_scrape_failures_total", "Failed poll attempts (one per replica tried) by reason.", "source", "reason");
        _dropped = registry.Counter("aggregator_scrape_dropped_total",
            "Items of polled bodies not kept (the store holds float samples): native_histogram, exemplar.", "source", "reason");
    }

    public void Update(SourceStatus status)
    {
        foreach (var replica in status.Replicas)
        {
            _activeReplica.WithLabels(status.Name, UrlRedaction.Redact(replica)).Set(replica == status.ActiveReplica ? 1 : 0);
        }
        _up.WithLabels(status.Name).Set(status.LastPoll is { Up: true } ? 1 : 0);
        _lastPoll.WithLabels(status.Name).Set(status.LastPoll is { } poll ? poll.TimestampMs / 1000.0 : 0);
        lock (_lock)
        {
            Advance(_failovers.WithLabels(status.Name), (status.Name, "failovers"), status.Failovers);
            foreach (var (reason, count) in status.Failures)
            {
                Advance(_failures.WithLabels(status.Name, reason.ToString()), (status.Name, reason.ToString()), count);
            }
            foreach (var (reason, count) in status.Dropped)
            {
                string label = reason == ScrapeDropReason.NativeHistogram ? "native_histogram" : "exemplar";
                Advance(_dropped.WithLabels(status.Name, label), (status.Name, "dropped_" + label), count);
            }
        }
    }

    // Note: a scraper's counts restart at 0 when its supervisor restarts it; a count below the last one
    // seen is such a reset, so all of it is new (as Prometheus's rate() reads a counter reset).
    private void Advance(Counter.Child counter, (string, string) key, long count)
    {
        long last = _seen.GetValueOrDefault(key);
        long delta = count >= last ? count - last : count;
        _seen[key] = count;
        if (delta > 0)
        {
            counter.Inc(delta);
        }
    }
}
