using System.Threading.Channels;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>A sink that hands each written batch to the test as it arrives; optionally throws for one source.</summary>
internal sealed class ChannelSink : IScrapeSink
{
    private readonly Channel<(string Source, IReadOnlyList<ScrapedSeries> Batch)> _batches = Channel.CreateUnbounded<(string, IReadOnlyList<ScrapedSeries>)>();

    /// <summary>Writes for this source throw while the counter is positive (one decrement per write).</summary>
    public string? FailingSource { get; set; }

    public int FailuresLeft;

    public void Write(string source, IReadOnlyList<ScrapedSeries> batch)
    {
        if (source == FailingSource && Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new IOException($"sink refused the batch of {source}");
        }
        _batches.Writer.TryWrite((source, [.. batch]));
    }

    /// <summary>The next batch of <paramref name="source"/> (others are skipped), waiting at most 10 s.</summary>
    public async Task<IReadOnlyList<ScrapedSeries>> NextAsync(string source)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (s, batch) = await _batches.Reader.ReadAsync(cts.Token);
            if (s == source)
            {
                return batch;
            }
        }
    }

    public bool TryTake(out (string Source, IReadOnlyList<ScrapedSeries> Batch) item) => _batches.Reader.TryRead(out item);
}
