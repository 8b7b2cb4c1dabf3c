using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Collects one body's samples for a poll straight into the poll's batch and enforces the sample limit while
/// decoding, so an oversized body is abandoned at the first sample past the limit. Note: the samples go into
/// the list the store is written from (their labels merged in place afterwards) rather than into a list of
/// their own: a second list kept at capacity between polls was 32 B per series held for nothing
/// (BENCHMARKS.md "Node memory, wave 4").
/// </summary>
internal sealed class SampleCollector : IScrapedSampleVisitor
{
    private readonly int _sampleLimit;
    private readonly bool _honorTimestamps;
    private readonly List<ScrapedSeries> _batch;

    /// <summary>A collector writing into <paramref name="batch"/>, which it owns from <see cref="Clear"/> until the body is read.</summary>
    public SampleCollector(int sampleLimit, bool honorTimestamps, List<ScrapedSeries> batch)
    {
        _sampleLimit = sampleLimit;
        _honorTimestamps = honorTimestamps;
        _batch = batch;
    }

    /// <summary>The poll's own timestamp: a sample's when it exposes none or timestamps are not honoured.</summary>
    public long ScrapeTimestampMs { get; set; }

    /// <summary>Samples collected since <see cref="Clear"/>: the first entries of the batch.</summary>
    public int Count { get; private set; }

    /// <summary>The newest exposed timestamp, or null when no sample carried one.</summary>
    public long? NewestTimestampMs { get; private set; }

    public void OnSample(LabelSet labels, double value, long? timestampMs)
    {
        if (_sampleLimit > 0 && Count >= _sampleLimit)
        {
            throw new ScrapeException(ScrapeFailureReason.SampleLimit,
                $"sample limit exceeded: the body holds more than {_sampleLimit} samples");
        }
        long t = _honorTimestamps && timestampMs is { } exposed ? exposed : ScrapeTimestampMs;
        _batch.Add(new ScrapedSeries(labels, new Sample(t, value)));
        Count++;
        if (timestampMs is { } ts && (NewestTimestampMs is null || ts > NewestTimestampMs))
        {
            NewestTimestampMs = ts;
        }
    }

    /// <summary>What the body held that the store cannot keep, by <see cref="ScrapeDropReason"/>.</summary>
    public long[] Dropped { get; } = new long[Enum.GetValues<ScrapeDropReason>().Length];

    public void OnDropped(ScrapeDropReason reason, long count) => Dropped[(int)reason] += count;

    /// <summary>Empties the batch (a failed attempt's samples go with it) and the counts.</summary>
    public void Clear()
    {
        _batch.Clear();
        Count = 0;
        NewestTimestampMs = null;
        Array.Clear(Dropped);
    }
}
