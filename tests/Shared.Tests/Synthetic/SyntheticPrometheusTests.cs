using System.Net.Http.Headers;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Synthetic;
using Aggregator.Shared.Tests.Scraping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Synthetic;

public sealed class SyntheticPrometheusTests
{
    [Fact]
    public async Task Federate_PolledByOurScraper_GivesEverySelectedSeries()
    {
        var options = new SyntheticSourceOptions { Seed = 3 };
        await using var source = await SyntheticPrometheus.StartAsync(options);
        var sink = new RecordingSink();
        using var poller = new SourcePoller(new ScrapeSourceOptions
        {
            Name = "synthetic",
            Urls = [source.Url],
            Match = ["{__name__=~\"http_.*\"}"],
            HonorLabels = true,
        }, new ExpositionScrapeDecoder(), sink, TimeProvider.System, NullLogger.Instance);

        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.True(report.Up, report.Error);
        // Note: every series but process_resident_memory_bytes (one per instance) has an http_ name.
        Assert.Equal(options.SeriesCount - options.Instances, report.SamplesScraped);
        Assert.DoesNotContain(sink.Last, s => s.Labels.MetricName == "process_resident_memory_bytes");
        Assert.All(sink.Last.Take(report.SamplesScraped), s => Assert.Equal("api", s.Labels.Get("job")));
    }

    [Fact]
    public async Task Federate_WithoutMatch_IsEmptyAndBadSelectorIs400()
    {
        await using var source = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions());
        using var http = new HttpClient { BaseAddress = source.Url };
        var empty = await http.GetAsync("/federate");
        Assert.Equal(200, (int)empty.StatusCode);
        Assert.Empty(await empty.Content.ReadAsByteArrayAsync());
        var bad = await http.GetAsync("/federate?match[]=-bad");
        Assert.Equal(400, (int)bad.StatusCode);
    }

    [Fact]
    public async Task Metrics_TextTarget_HasTypedFamiliesWithoutTimestamps()
    {
        await using var source = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions());
        using var http = new HttpClient { BaseAddress = source.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        var text = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_requests_total counter\n", text);
        Assert.Contains("# TYPE http_request_duration_seconds histogram\n", text);
        Assert.Contains("le=\"+Inf\"", text);
        var sample = text.Split('\n').First(l => l.StartsWith("http_requests_total{", StringComparison.Ordinal));
        Assert.Equal(2, sample.Split(' ').Length);
    }
}
