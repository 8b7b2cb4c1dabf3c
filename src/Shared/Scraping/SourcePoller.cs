using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// One source's poll logic without scheduling: <see cref="PollOnceAsync"/> fetches from one replica
/// (failing over to the next within the same poll), decodes, applies the sample limit and
/// <c>replica-labels</c> and <c>honor_labels</c>, writes the samples, the stale markers of vanished series and the synthetic
/// <c>up</c>, <c>scrape_duration_seconds</c>, <c>scrape_samples_scraped</c>, <c>scrape_series_added</c>
/// series into the sink, as Prometheus's scrape loop does. Polls must not overlap.
/// </summary>
public sealed partial class SourcePoller : IDisposable
{
    private readonly ScrapeSourceOptions _options;
    private readonly FederateClient _client;
    private readonly IScrapeDecoder _decoder;
    private readonly IScrapeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReplicaSet _replicas;
    private readonly SourceStaleness _staleness = new();
    private readonly BatchStaleSink _staleSink = new();
    private readonly SampleCollector _collector;
    private readonly LabelSet _targetLabels;
    private readonly SyntheticScrapeSeries _synthetic;
    private readonly long[] _failures = new long[Enum.GetValues<ScrapeFailureReason>().Length];
    private readonly long[] _dropped = new long[Enum.GetValues<ScrapeDropReason>().Length];
    // Note: one batch for every poll of this source (polls never overlap): a new list per poll was 24 B per series
    // of large-object heap each interval (24 MB at 1M series), fresh pages to fault in and zero, and gen2 GCs it paid for.
    private readonly List<ScrapedSeries> _batch = [];
    private long _polls;
    private volatile PollReport? _lastPoll;

    public SourcePoller(ScrapeSourceOptions options, IScrapeDecoder decoder, IScrapeSink sink, TimeProvider time, ILogger logger)
    {
        _options = options;
        _client = new FederateClient(options, time, decoder.ReadsProtobuf);
        _decoder = decoder;
        _sink = sink;
        _time = time;
        _logger = logger;
        _replicas = new ReplicaSet(options.Urls, options.StalePollsBeforeFailover);
        _collector = new SampleCollector(options.SampleLimit, options.HonorTimestamps, _batch);
        _targetLabels = options.EffectiveTargetLabels;
        _synthetic = new SyntheticScrapeSeries(_targetLabels);
    }

    public ScrapeSourceOptions Options => _options;

    /// <summary>The replica the next poll tries first.</summary>
    public Uri ActiveReplica => _replicas.Active;

    /// <summary>A consistent-enough snapshot for status pages (counters are read without a lock).</summary>
    public SourceStatus Status
    {
        get
        {
            var failures = new Dictionary<ScrapeFailureReason, long>();
            foreach (var reason in Enum.GetValues<ScrapeFailureReason>())
            {
                failures[reason] = Interlocked.Read(ref _failures[(int)reason]);
            }
            var dropped = new Dictionary<ScrapeDropReason, long>();
            foreach (var reason in Enum.GetValues<ScrapeDropReason>())
            {
                dropped[reason] = Interlocked.Read(ref _dropped[(int)reason]);
            }
            return new SourceStatus(_options.Name, _replicas.Urls, _replicas.Active, _lastPoll,
                Interlocked.Read(ref _polls), _replicas.Failovers, failures) { Dropped = dropped };
        }
    }

    /// <summary>Polls once and writes the result into the sink. Never throws for a failed poll.</summary>
    public async Task<PollReport> PollOnceAsync(CancellationToken cancellation)
    {
        long startTicks = _time.GetTimestamp();
        long timestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var firstTried = _replicas.Active;
        ScrapeException? lastError = null;
        int failedAttempts = 0;
        int? used = null;
        foreach (int index in _replicas.Candidates())
        {
            var replica = _replicas.Urls[index];
            _collector.Clear();
            _collector.ScrapeTimestampMs = timestampMs;
            try
            {
                using (var body = await _client.FetchAsync(replica, cancellation))
                {
                    _decoder.Decode(body, _collector);
                }
                used = index;
                break;
            }
            catch (ScrapeException e)
            {
                lastError = e;
                failedAttempts++;
                Interlocked.Increment(ref _failures[(int)e.Reason]);
                LogAttemptFailed(_options.Name, replica, e.Reason, e.Message);
            }
        }
        var batch = _batch;
        PollReport report;
        if (used is { } index2)
        {
            var previous = _replicas.Active;
            bool stale = _replicas.ReportSuccess(index2, _collector.NewestTimestampMs);
            if (previous != _replicas.Urls[index2])
            {
                LogFailedOver(_options.Name, previous, _replicas.Urls[index2]);
            }
            if (stale)
            {
                LogReplicaStale(_options.Name, _replicas.Urls[index2], _options.StalePollsBeforeFailover, _replicas.Active);
            }
            int added = MergeLabels(batch);
            CountDropped(_replicas.Urls[index2]);
            _staleSink.Batch = batch;
            int staleMarkers = _staleness.CompletePoll(timestampMs, _staleSink);
            var duration = _time.GetElapsedTime(startTicks);
            report = new PollReport(true, _replicas.Urls[index2], timestampMs, duration, _collector.Count,
                added, staleMarkers, null, null, failedAttempts);
            if (_lastPoll is { Up: false })
            {
                LogRecovered(_options.Name, _replicas.Urls[index2]);
            }
        }
        else
        {
            // Note: the last attempt may have failed halfway through its body; none of it is written.
            _collector.Clear();
            _staleSink.Batch = batch;
            int staleMarkers = _staleness.MarkDown(timestampMs, _staleSink);
            var duration = _time.GetElapsedTime(startTicks);
            report = new PollReport(false, null, timestampMs, duration, 0, 0, staleMarkers,
                lastError?.Reason, lastError?.Message, failedAttempts);
            LogPollFailed(_options.Name, lastError?.Reason, lastError?.Message);
        }
        _staleSink.Batch = null;
        _synthetic.Append(report, firstTried, batch);
        Interlocked.Increment(ref _polls);
        _lastPoll = report;
        try
        {
            _sink.Write(_options.Name, batch);
        }
        finally
        {
            // Note: cleared, so the batch holds no label set of a vanished series until the next poll; a source
            // that shrank for good gives the rest of its capacity back.
            if (batch.Capacity > 4 * batch.Count + 1024)
            {
                batch.Capacity = batch.Count;
            }
            batch.Clear();
        }
        return report;
    }

    /// <summary>
    /// Gives the collected samples (the batch's first entries) their stored labels: <c>replica-labels</c> dropped and
    /// the target labels merged. Returns how many series are new to this source.
    /// </summary>
    private int MergeLabels(List<ScrapedSeries> batch)
    {
        int added = 0;
        var samples = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch)[.._collector.Count];
        foreach (ref var sample in samples)
        {
            var labels = TargetLabelMerger.Merge(ReplicaLabels.Drop(sample.Labels, _options.ReplicaLabels), _targetLabels, _options.HonorLabels);
            if (_staleness.Seen(labels))
            {
                added++;
            }
            sample = sample with { Labels = labels };
        }
        return added;
    }

    /// <summary>Adds what the accepted body held but the store cannot keep; logs each reason once per poller.</summary>
    private void CountDropped(Uri replica)
    {
        for (int i = 0; i < _dropped.Length; i++)
        {
            long n = _collector.Dropped[i];
            if (n > 0 && Interlocked.Add(ref _dropped[i], n) == n)
            {
                LogDropped(_options.Name, replica, (ScrapeDropReason)i, n);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Turns the staleness tracker's decisions into stale-marker samples of the poll's batch.</summary>
    private sealed class BatchStaleSink : IStaleSink
    {
        public List<ScrapedSeries>? Batch { get; set; }

        public void MarkStale(LabelSet series, long timestampMs) =>
            Batch!.Add(new ScrapedSeries(series, new Sample(timestampMs, StaleMarker.Value)));
    }
}
