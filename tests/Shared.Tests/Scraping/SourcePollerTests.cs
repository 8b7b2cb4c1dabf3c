using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class SourcePollerTests
{
    private const string TwoSeries = "http_requests_total{code=\"200\",instance=\"\",job=\"app\"} 7 1000\nhttp_requests_total{code=\"500\",instance=\"\",job=\"app\"} 1 1000\n";

    private readonly RecordingSink _sink = new();
    private readonly ListLogger _logger = new();

    private SourcePoller Poller(params Uri[] urls) => Poller(o => o, urls);

    private SourcePoller Poller(Func<ScrapeSourceOptions, ScrapeSourceOptions> configure, params Uri[] urls) =>
        new(configure(new ScrapeSourceOptions
        {
            Name = "prom-a",
            Urls = urls,
            Match = ["{__name__=~\"http_.*\"}"],
            HonorLabels = true,
            TargetLabels = LabelSet.Of("instance", "prom-a:9090"),
        }), new LineDecoder(), _sink, TimeProvider.System, _logger);

    [Fact]
    public async Task PollOnceAsync_Healthy_WritesMergedSamplesThenSyntheticSeries()
    {
        await using var source = await ProgrammableSource.StartAsync(TwoSeries);
        using var poller = Poller(source.Url);
        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.True(report.Up);
        Assert.Equal(2, report.SamplesScraped);
        Assert.Equal(2, report.SeriesAdded);
        Assert.Equal(new Sample(1000, 7), _sink.Get("__name__", "http_requests_total", "code", "200", "job", "app"));
        Assert.Equal(new Sample(1000, 1), _sink.Get("__name__", "http_requests_total", "code", "500", "job", "app"));
        long t = report.TimestampMs;
        Assert.Equal(new Sample(t, 1), _sink.Get("__name__", "up", "instance", "prom-a:9090", "job", "prom-a"));
        Assert.Equal(new Sample(t, 2), _sink.Get("__name__", "scrape_samples_scraped", "instance", "prom-a:9090", "job", "prom-a"));
        Assert.Equal(new Sample(t, 2), _sink.Get("__name__", "scrape_series_added", "instance", "prom-a:9090", "job", "prom-a"));
        Assert.Equal(report.Duration.TotalSeconds,
            _sink.Get("__name__", "scrape_duration_seconds", "instance", "prom-a:9090", "job", "prom-a").Value);
        Assert.Equal(6, _sink.Last.Count);
        Assert.Equal(source.Url, report.Replica);
    }

    [Fact]
    public async Task PollOnceAsync_BodyWithExemplars_SamplesKeptDropsCountedOnMetricsAndLoggedOnce()
    {
        await using var source = await ProgrammableSource.StartAsync(string.Empty);
        source.Behave(ctx =>
        {
            ctx.Response.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            return ctx.Response.WriteAsync("# TYPE http_requests counter\nhttp_requests_total{job=\"app\"} 7 # {trace_id=\"a1\"} 1\n# EOF\n");
        });
        using var poller = new SourcePoller(new ScrapeSourceOptions { Name = "prom-a", Urls = [source.Url], Match = ["http_requests_total"] },
            new ExpositionScrapeDecoder(), _sink, TimeProvider.System, _logger);
        var registry = new Aggregator.Shared.Diagnostics.MetricsRegistry();
        var metrics = new SourceStatusMetrics(registry);

        await poller.PollOnceAsync(CancellationToken.None);
        var report = await poller.PollOnceAsync(CancellationToken.None);
        metrics.Update(poller.Status);

        Assert.True(report.Up);
        Assert.Equal(7, Assert.Single(_sink.Last, x => x.Labels.MetricName == "http_requests_total").Sample.Value);
        Assert.Equal(2, poller.Status.Dropped[ScrapeDropReason.Exemplar]);
        Assert.Contains("aggregator_scrape_dropped_total{reason=\"exemplar\",source=\"prom-a\"} 2", MetricsText(registry));
        Assert.Single(_logger.Lines, l => l.StartsWith("Warning 3011: Source prom-a: 1 item(s) of kind Exemplar", StringComparison.Ordinal));
    }

    private static string MetricsText(Aggregator.Shared.Diagnostics.MetricsRegistry registry)
    {
        using var stream = new MemoryStream();
        var writer = Aggregator.Shared.Exposition.ExpositionWriter.Create(stream, Aggregator.Shared.Exposition.ContentNegotiation.Negotiate(null, null));
        registry.WriteTo(writer);
        writer.CompleteAsync(default).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task PollOnceAsync_NoExposedTimestamp_UsesPollStart()
    {
        await using var source = await ProgrammableSource.StartAsync("x_total 3\n");
        using var poller = Poller(source.Url);
        var report = await poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(new Sample(report.TimestampMs, 3), _sink.Get("__name__", "x_total", "instance", "prom-a:9090", "job", "prom-a"));
    }

    [Fact]
    public async Task PollOnceAsync_SeriesVanishes_WritesStaleMarkerAtPollTime()
    {
        await using var source = await ProgrammableSource.StartAsync(TwoSeries);
        using var poller = Poller(source.Url);
        await poller.PollOnceAsync(CancellationToken.None);
        source.Answer("http_requests_total{code=\"200\",instance=\"\",job=\"app\"} 8 2000\n");
        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.StaleMarkers);
        Assert.Equal(0, report.SeriesAdded);
        var stale = _sink.Get("__name__", "http_requests_total", "code", "500", "job", "app");
        Assert.True(stale.IsStale);
        Assert.Equal(report.TimestampMs, stale.TimestampMs);
        Assert.Equal(new Sample(2000, 8), _sink.Get("__name__", "http_requests_total", "code", "200", "job", "app"));
    }

    [Fact]
    public async Task PollOnceAsync_SecondPoll_RefillsTheSameBatchAndClearsItAfterTheSink()
    {
        await using var source = await ProgrammableSource.StartAsync(TwoSeries);
        var sink = new BatchIdentitySink();
        using var poller = new SourcePoller(new ScrapeSourceOptions { Name = "prom-a", Urls = [source.Url], Match = ["http_requests_total"] },
            new LineDecoder(), sink, TimeProvider.System, _logger);

        await poller.PollOnceAsync(CancellationToken.None);
        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal([6, 6], sink.CountsDuringWrite);
        Assert.Same(sink.Batches[0], sink.Batches[1]);
        Assert.Empty(sink.Batches[1]);
    }

    [Theory]
    [InlineData(SourceFault.Status500, ScrapeFailureReason.HttpStatus)]
    [InlineData(SourceFault.Garbage, ScrapeFailureReason.Parse)]
    [InlineData(SourceFault.Truncated, ScrapeFailureReason.Truncated)]
    [InlineData(SourceFault.Timeout, ScrapeFailureReason.Timeout)]
    [InlineData(SourceFault.BodyTooLarge, ScrapeFailureReason.BodySizeLimit)]
    [InlineData(SourceFault.TooManySamples, ScrapeFailureReason.SampleLimit)]
    [InlineData(SourceFault.Down, ScrapeFailureReason.Network)]
    public async Task PollOnceAsync_Fault_UpZeroReasonCounterStaleMarkersThenRecovers(SourceFault fault, ScrapeFailureReason expected)
    {
        await using var source = await FaultySource.StartAsync(TwoSeries);
        using var poller = Poller(o => o with
        {
            Timeout = TimeSpan.FromSeconds(2),
            BodySizeLimitBytes = 4096,
            SampleLimit = 2,
        }, source.Url);
        Assert.True((await poller.PollOnceAsync(CancellationToken.None)).Up);

        await source.InjectAsync(fault);
        var failed = await poller.PollOnceAsync(CancellationToken.None);

        Assert.False(failed.Up);
        Assert.True(expected == failed.FailureReason, $"{failed.FailureReason}: {failed.Error}");
        Assert.Equal(2, failed.StaleMarkers);
        Assert.True(_sink.Get("__name__", "http_requests_total", "code", "200", "job", "app").IsStale);
        Assert.True(_sink.Get("__name__", "http_requests_total", "code", "500", "job", "app").IsStale);
        Assert.Equal(0, _sink.Get("__name__", "up", "instance", "prom-a:9090", "job", "prom-a").Value);
        Assert.Equal(0, _sink.Get("__name__", "scrape_samples_scraped", "instance", "prom-a:9090", "job", "prom-a").Value);
        Assert.Equal(1, poller.Status.Failures[expected]);
        Assert.Contains(_logger.Lines, l => l.StartsWith("Warning 3001:", StringComparison.Ordinal) && l.Contains(expected.ToString()));

        await source.HealAsync();
        var recovered = await poller.PollOnceAsync(CancellationToken.None);
        Assert.True(recovered.Up);
        Assert.Equal(2, recovered.SeriesAdded);
        Assert.Equal(new Sample(1000, 7), _sink.Get("__name__", "http_requests_total", "code", "200", "job", "app"));
        Assert.Equal(1, _sink.Get("__name__", "up", "instance", "prom-a:9090", "job", "prom-a").Value);
    }

    [Fact]
    public async Task PollOnceAsync_SecondFailure_HasNothingLeftToMarkStale()
    {
        await using var source = await ProgrammableSource.StartAsync(TwoSeries);
        using var poller = Poller(source.Url);
        await poller.PollOnceAsync(CancellationToken.None);
        source.Answer("garbage");
        Assert.Equal(2, (await poller.PollOnceAsync(CancellationToken.None)).StaleMarkers);
        Assert.Equal(0, (await poller.PollOnceAsync(CancellationToken.None)).StaleMarkers);
        Assert.Equal(2, poller.Status.Failures[ScrapeFailureReason.Parse]);
        Assert.Equal(3, poller.Status.Polls);
    }

    /// <summary>Keeps the batch instances a poller writes (not copies) and their size during the call.</summary>
    private sealed class BatchIdentitySink : IScrapeSink
    {
        public List<IReadOnlyList<ScrapedSeries>> Batches { get; } = [];

        public List<int> CountsDuringWrite { get; } = [];

        public void Write(string source, IReadOnlyList<ScrapedSeries> batch)
        {
            Batches.Add(batch);
            CountsDuringWrite.Add(batch.Count);
        }
    }
}
