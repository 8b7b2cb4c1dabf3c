namespace Aggregator.Shared.RemoteWrite;

/// <summary>Counters of a remote-write receiver endpoint (thread-safe; exported by the host's /metrics).</summary>
public sealed class RemoteWriteReceiverMetrics
{
    private readonly long[] _rejected = new long[Enum.GetValues<RemoteWriteErrorKind>().Length];
    private long _requests;
    private long _series;
    private long _samples;
    private long _histograms;
    private long _sinkFailures;

    /// <summary>Requests accepted (answered 204).</summary>
    public long AcceptedRequests => Interlocked.Read(ref _requests);

    public long SeriesReceived => Interlocked.Read(ref _series);

    public long SamplesReceived => Interlocked.Read(ref _samples);

    public long HistogramsReceived => Interlocked.Read(ref _histograms);

    /// <summary>Requests whose sink threw (answered 500 so the sender retries).</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    /// <summary>Requests rejected with 400 for <paramref name="kind"/>.</summary>
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
    }

    internal void OnRejected(RemoteWriteErrorKind kind) => Interlocked.Increment(ref _rejected[(int)kind]);

    internal void OnSinkFailure() => Interlocked.Increment(ref _sinkFailures);
}
