using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Counters of a remote-write receiver endpoint (thread-safe). Built with a registry, they are also
/// served on the host's /metrics: <c>aggregator_remote_write_rejected_total{reason}</c> and
/// <c>aggregator_remote_write_site_rejected_total{site,reason}</c> among them.
/// </summary>
public sealed class RemoteWriteReceiverMetrics
{
    private readonly long[] _rejected = new long[Enum.GetValues<RemoteWriteErrorKind>().Length];
    private readonly Counter.Child[]? _rejectedExported;
    private readonly Counter? _siteRejected;
    private readonly Counter.Child? _requestsExported;
    private readonly Counter.Child? _samplesExported;
    private readonly Counter.Child? _sinkFailuresExported;
    private readonly Counter? _unavailableExported;
    private long _requests;
    private long _series;
    private long _samples;
    private long _histograms;
    private long _sinkFailures;
    private long _unavailable;

    /// <summary>Counters kept in this object only (tests, fakes).</summary>
    public RemoteWriteReceiverMetrics()
    {
    }

    /// <summary>Counters also registered on <paramref name="registry"/> (idempotent: hosts with several receivers share them).</summary>
    internal RemoteWriteReceiverMetrics(MetricsRegistry registry)
    {
        var rejected = registry.Counter("aggregator_remote_write_rejected_total",
            "Remote-write requests refused with a 4xx, by reason (the limit or rule broken).", "reason");
        _rejectedExported = [.. Enum.GetValues<RemoteWriteErrorKind>().Select(k => rejected.WithLabels(k.Reason()))];
        _siteRejected = registry.Counter("aggregator_remote_write_site_rejected_total",
            "Remote-write requests refused for one site: series_per_site (429) or foreign_site (403).", "site", "reason");
        _requestsExported = registry.Counter("aggregator_remote_write_accepted_requests_total", "Remote-write requests accepted (204).").WithLabels();
        _samplesExported = registry.Counter("aggregator_remote_write_accepted_samples_total", "Samples in accepted remote-write requests.").WithLabels();
        _sinkFailuresExported = registry.Counter("aggregator_remote_write_sink_failures_total",
            "Remote-write requests answered 500 because storing failed (the sender retries).").WithLabels();
        _unavailableExported = registry.Counter("aggregator_remote_write_unavailable_total",
            "Remote-write requests answered 503 because the receiver cannot take data now (the sender retries), by reason: forward_queue_disk, ring_unanswered.", "reason");
    }

    /// <summary>Requests accepted (answered 204).</summary>
    public long AcceptedRequests => Interlocked.Read(ref _requests);

    public long SeriesReceived => Interlocked.Read(ref _series);

    public long SamplesReceived => Interlocked.Read(ref _samples);

    public long HistogramsReceived => Interlocked.Read(ref _histograms);

    /// <summary>Requests whose sink threw (answered 500 so the sender retries).</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    /// <summary>Requests rejected with a 4xx for <paramref name="kind"/>.</summary>
    public long Rejected(RemoteWriteErrorKind kind) => Interlocked.Read(ref _rejected[(int)kind]);

    /// <summary>All rejected requests.</summary>
    public long RejectedTotal
    {
        get
        {
            long n = 0;
            for (int i = 0; i < _rejected.Length; i++)
            {
                n += Interlocked.Read(ref _rejected[i]);
            }
            return n;
        }
    }

    internal void OnAccepted(WriteBatch batch)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _series, batch.Series.Count);
        Interlocked.Add(ref _samples, batch.SampleCount);
        Interlocked.Add(ref _histograms, batch.HistogramCount);
        _requestsExported?.Inc();
        _samplesExported?.Inc(batch.SampleCount + batch.HistogramCount);
    }

    internal void OnRejected(RemoteWriteErrorKind kind, string? site = null)
    {
        Interlocked.Increment(ref _rejected[(int)kind]);
        _rejectedExported?[(int)kind].Inc();
        if (site is not null)
        {
            _siteRejected?.WithLabels(site, kind.Reason()).Inc();
        }
    }

    /// <summary>Requests answered 503 (the receiver could not take data now), all reasons.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    internal void OnUnavailable(string reason)
    {
        Interlocked.Increment(ref _unavailable);
        _unavailableExported?.WithLabels(reason).Inc();
    }

    internal void OnSinkFailure()
    {
        Interlocked.Increment(ref _sinkFailures);
        _sinkFailuresExported?.Inc();
    }
}
