using Aggregator.Shared.Actors;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class SourceScraperTests
{
    private static ScrapeSourceOptions Options(string name, Uri url, TimeSpan interval) => new()
    {
        Name = name,
        Urls = [url],
        Match = ["up"],
        Interval = interval,
        Timeout = interval,
    };

    [Fact]
    public void FirstPollOffset_IsStablePerSourceAndWithinInterval()
    {
        var a = Options("prom-a", new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(15));
        var b = a with { Name = "prom-b" };
        Assert.Equal(SourceScraper.FirstPollOffset(a), SourceScraper.FirstPollOffset(a with { }));
        Assert.NotEqual(SourceScraper.FirstPollOffset(a), SourceScraper.FirstPollOffset(b));
        Assert.InRange(SourceScraper.FirstPollOffset(b), TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Scraper_VirtualTime_PollsAtOffsetThenOncePerInterval()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("scrape-test", time);
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15));
        system.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, time, () => new LineDecoder()), "scraper");
        await time.WaitForActiveTimersAsync(1);

        time.Advance(SourceScraper.FirstPollOffset(options));
        var first = await sink.NextAsync("prom-a");
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), first[^1].Sample.TimestampMs);

        time.Advance(options.Interval);
        var second = await sink.NextAsync("prom-a");
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), second[^1].Sample.TimestampMs);
        Assert.Equal(2, source.Requests);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task Scraper_GetSourceStatus_ReportsActiveReplicaAndLastPoll()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("scrape-status", time);
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15));
        var scraper = system.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, time, () => new LineDecoder()));
        await time.WaitForActiveTimersAsync(1);
        time.Advance(SourceScraper.FirstPollOffset(options));
        await sink.NextAsync("prom-a");

        var status = await scraper.Ask<SourceStatus>(GetSourceStatus.Instance, TimeSpan.FromSeconds(5));

        Assert.Equal("prom-a", status.Name);
        Assert.Equal(source.Url, status.ActiveReplica);
        Assert.True(status.LastPoll!.Up);
        Assert.Equal(1, status.Polls);
    }
}
