using System.Globalization;
using Aggregator.Shared.Exposition.Writing;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tests.Federation;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// <see cref="StoreScrapeSink"/>: a poll's samples land in the store and what /federate reads is built there, so
/// that the first /federate after start answers exactly as every later one (BENCHMARKS.md "Warm-up").
/// </summary>
public class StoreScrapeSinkTests
{
    private const long Now = 1_700_000_000_000;

    private const string Protobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

    private static List<ScrapedSeries> Poll(int series, int from = 0)
    {
        var batch = new List<ScrapedSeries>();
        for (int i = from; i < from + series; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            batch.Add(new ScrapedSeries(LabelSet.Of("__name__", "m" + (i % 5), "instance", "10.0.0." + n + ":9090", "job", "api", "path", "/a\"b\\" + n), new Sample(Now - 1000, i)));
        }
        return batch;
    }

    private static FederateHandler Handler(SeriesStore store) =>
        new(new SeriesStoreFederationSource(store), new FederationOptions { ExternalLabels = [new Label("site", "s")] }, new ManualClock(Now));

    [Fact]
    public void Write_NewSeries_SpelledBeforeAnyRead()
    {
        var store = new SeriesStore(time: new ManualClock(Now));
        var sink = new StoreScrapeSink(store);

        sink.Write("src", Poll(40));

        var stored = store.SelectSeries(AllSeries.Instance);
        Assert.Equal(40, stored.Count);
        Assert.All(stored, series => Assert.Equal(TextSpelling.Of(LabelSet.From(series.AsSpan().ToArray())), series.TextSpelling));
    }

    [Theory]
    [InlineData("text/plain;version=0.0.4")]
    [InlineData(Protobuf)]
    [InlineData("application/openmetrics-text;version=1.0.0")]
    public async Task HandleAsync_FirstRequestAfterPolls_SameBytesAsSecondAndAsUnpreparedStore(string accept)
    {
        var prepared = new SeriesStore(time: new ManualClock(Now));
        var sink = new StoreScrapeSink(prepared);
        sink.Write("src", Poll(300));
        sink.Write("src", Poll(50, from: 280));
        var plain = new SeriesStore(time: new ManualClock(Now));
        foreach (var s in Poll(300).Concat(Poll(50, from: 280)))
        {
            plain.Append(s.Labels, s.Sample);
        }
        var headers = new Dictionary<string, string> { ["Accept"] = accept };
        var handler = Handler(prepared);

        var first = await FederateCall.RunAsync(handler, "GET", "?match[]={__name__=~'.%2B'}", headers);
        var second = await FederateCall.RunAsync(handler, "GET", "?match[]={__name__=~'.%2B'}", headers);
        var unprepared = await FederateCall.RunAsync(Handler(plain), "GET", "?match[]={__name__=~'.%2B'}", headers);

        Assert.Equal(200, first.Status);
        Assert.True(first.RawBody.Length > 330 * 40, $"body of {first.RawBody.Length} bytes");
        Assert.Equal(first.RawBody, second.RawBody);
        Assert.Equal(unprepared.RawBody, first.RawBody);
    }
}
