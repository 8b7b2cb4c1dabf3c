using System.Net.Http.Headers;
using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Integration.Tests.Scraping;

/// <summary>
/// A real Prometheus 2.42 scrapes our synthetic targets; our scraper polls its <c>/federate</c> and must
/// store every series, label, value and timestamp that Prometheus's own text <c>/federate</c> shows.
/// </summary>
public sealed class FederatePollingTests
{
    // Note: the synthetic series only; Prometheus's own up/scrape_* series of the job change every scrape.
    private const string Selector = "{job=\"api\",__name__=~\"http_.*|process_.*\"}";

    [Fact]
    public async Task PollOnceAsync_RealPrometheusFederate_EqualsPrometheusOwnSeries()
    {
        await using var target = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions { Seed = 42, Instances = 4 });
        var config = $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: api
                honor_labels: true
                static_configs:
                  - targets: ['127.0.0.1:{target.Url.Port}']
            """;
        await using var prometheus = await PrometheusServer.StartAsync(config);
        var expectedSeries = new SyntheticSourceOptions { Seed = 42, Instances = 4 }.SeriesCount;
        Assert.True(await PrometheusServer.EventuallyAsync(
            async () => (await prometheus.QueryAsync("count(" + Selector + ")")).EnumerateArray()
                .Any(r => r.GetProperty("value")[1].GetString() == expectedSeries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(60)), prometheus.Log);

        // Note: Prometheus rescrapes every second; a comparison counts only when its own /federate gave the
        // same body just before and just after our poll, i.e. our poll saw that same state.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var before = await FederateTextAsync(prometheus);
            var sink = new RecordingSink();
            using var poller = new SourcePoller(new ScrapeSourceOptions
            {
                Name = "prom",
                Urls = [prometheus.BaseAddress],
                Match = [Selector],
                HonorLabels = true,
            }, new ExpositionScrapeDecoder(), sink, TimeProvider.System, NullLogger.Instance);
            var report = await poller.PollOnceAsync(CancellationToken.None);
            var after = await FederateTextAsync(prometheus);
            if (before != after)
            {
                continue;
            }
            Assert.True(report.Up, report.Error);
            var theirs = Parse(before);
            var ours = sink.Last.Take(report.SamplesScraped).ToDictionary(s => s.Labels, s => s.Sample);
            Assert.Equal(expectedSeries, theirs.Count);
            Assert.Equal(theirs.Count, ours.Count);
            foreach (var (labels, sample) in theirs)
            {
                Assert.True(ours.TryGetValue(labels, out var mine), $"missing {labels}");
                Assert.Equal(sample.TimestampMs, mine.TimestampMs);
                Assert.Equal(BitConverter.DoubleToInt64Bits(sample.Value), BitConverter.DoubleToInt64Bits(mine.Value));
            }
            await AssertUpLabelledAsPrometheusAsync(prometheus, target.Url, sink.Last);
            return;
        }
        Assert.Fail("Prometheus's /federate never held still across one poll");
    }

    // Note: our synthetic up of a source must carry the same label names as Prometheus's own up of a
    // scrape job (__name__, instance = host:port of what was scraped, job), never an empty instance.
    private static async Task AssertUpLabelledAsPrometheusAsync(PrometheusServer prometheus, Uri target, IReadOnlyList<ScrapedSeries> ours)
    {
        var theirs = (await prometheus.QueryAsync("up{job=\"api\"}")).EnumerateArray().Single().GetProperty("metric");
        var theirNames = theirs.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal($"127.0.0.1:{target.Port}", theirs.GetProperty("instance").GetString());

        var up = ours.Single(s => s.Labels.MetricName == "up").Labels;
        Assert.Equal(theirNames, up.AsSpan().ToArray().Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal("prom", up.Get("job"));
        Assert.Equal($"127.0.0.1:{prometheus.BaseAddress.Port}", up.Get("instance"));
    }

    private static async Task<string> FederateTextAsync(PrometheusServer prometheus)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "federate?match[]=" + Uri.EscapeDataString(Selector));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await prometheus.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<LabelSet, Sample> Parse(string text)
    {
        var sink = new Collector();
        var result = ExpositionReader.Read(Encoding.UTF8.GetBytes(text), ExpositionFormat.Text, sink);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return sink.Samples;
    }

    private sealed class RecordingSink : IScrapeSink
    {
        public IReadOnlyList<ScrapedSeries> Last { get; private set; } = [];

        public void Write(string source, IReadOnlyList<ScrapedSeries> batch) => Last = [.. batch];
    }

    private sealed class Collector : IExpositionSink
    {
        public Dictionary<LabelSet, Sample> Samples { get; } = [];

        public void OnSample(in ExposedSample sample) =>
            Samples[sample.Series] = new Sample(sample.TimestampMs ?? throw new InvalidOperationException("federate without timestamp"), sample.Value);
    }
}
