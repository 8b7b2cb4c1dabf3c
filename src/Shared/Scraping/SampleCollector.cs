using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Collects one body's samples for a poll and enforces the sample limit while decoding, so an oversized
/// body is abandoned at the first sample past the limit.
/// </summary>
internal sealed class SampleCollector : IScrapedSampleVisitor
{
    private readonly int _sampleLimit;

    public SampleCollector(int sampleLimit)
    {
        _sampleLimit = sampleLimit;
    }

    public List<(LabelSet Labels, double Value, long? TimestampMs)> Samples { get; } = [];

    /// <summary>The newest exposed timestamp, or null when no sample carried one.</summary>
    public long? NewestTimestampMs { get; private set; }

    public void OnSample(LabelSet labels, double value, long? timestampMs)
    {
        if (_sampleLimit > 0 && Samples.Count >= _sampleLimit)
        {
            throw new ScrapeException(ScrapeFailureReason.SampleLimit,
                $"sample limit exceeded: the body holds more than {_sampleLimit} samples");
        }
        Samples.Add((labels, value, timestampMs));
        if (timestampMs is { } ts && (NewestTimestampMs is null || ts > NewestTimestampMs))
        {
            NewestTimestampMs = ts;
        }
    }

    /// <summary>What the body held that the store cannot keep, by <see cref="ScrapeDropReason"/>.</summary>
    public long[] Dropped { get; } = new long[Enum.GetValues<ScrapeDropReason>().Length];

    public void OnDropped(ScrapeDropReason reason, long count) => Dropped[(int)reason] += count;

    public void Clear()
    {
        Samples.Clear();
        NewestTimestampMs = null;
        Array.Clear(Dropped);
    }
}
