using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>Keeps every batch a poller writes, for assertions.</summary>
internal sealed class RecordingSink : IScrapeSink
{
    public List<IReadOnlyList<ScrapedSeries>> Batches { get; } = [];

    public IReadOnlyList<ScrapedSeries> Last => Batches[^1];

    public void Write(string source, IReadOnlyList<ScrapedSeries> batch)
    {
        lock (Batches)
        {
            Batches.Add([.. batch]);
        }
    }

    /// <summary>The sample of the series with this exact label set in the last batch.</summary>
    public Sample Get(params string[] namesAndValues)
    {
        var labels = LabelSet.Of(namesAndValues);
        foreach (var s in Last)
        {
            if (s.Labels.Equals(labels))
            {
                return s.Sample;
            }
        }
        throw new Xunit.Sdk.XunitException($"{labels} not in the last batch: {string.Join("; ", Last.Select(x => x.Labels))}");
    }
}
