using Aggregator.Shared.Actors;
using Aggregator.Shared.Model;
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

    [Fact]
    public async Task Scraper_ActiveReplicaKilled_NextPollOneIntervalLaterComesFromOtherReplicaWithoutGap()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("scrape-ha", time);
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        await using var b = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        var sink = new ChannelSink();
        var options = Options("ha", a.Url, TimeSpan.FromSeconds(15)) with { Urls = [a.Url, b.Url] };
        system.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, time, () => new LineDecoder()), "scraper");
        await time.WaitForActiveTimersAsync(1);
        time.Advance(SourceScraper.FirstPollOffset(options));
        var before = await sink.NextAsync("ha");
        long t0 = time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(new Sample(t0, 1), Fresh(before, "m").Sample);
        Assert.Equal($"127.0.0.1:{a.Url.Port}", Fresh(before, "up").Labels.Get("instance"));
        Assert.Equal(1, Fresh(before, "up").Sample.Value);

        await a.DisposeAsync();
        var samples = new List<Sample>();
        for (int poll = 1; poll <= 3; poll++)
        {
            time.Advance(options.Interval);
            var batch = await sink.NextAsync("ha");
            samples.Add(Fresh(batch, "m").Sample);
            Assert.Equal($"127.0.0.1:{b.Url.Port}", Fresh(batch, "up").Labels.Get("instance"));
            Assert.Equal(1, Fresh(batch, "up").Sample.Value);
        }

        // Note: no gap: the series has a fresh sample at every interval across the switch, never a stale marker.
        Assert.Equal([t0 + 15_000, t0 + 30_000, t0 + 45_000], samples.Select(s => s.TimestampMs));
        Assert.All(samples, s => Assert.Equal(1, s.Value));
        Assert.Equal(1, a.Requests);
        Assert.Equal(3, b.Requests);
    }

    [Fact]
    public async Task Scraper_Jitter_EachPollStartsARandomDelayBelowTheJitterAfterItsTick()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("scrape-jitter", time);
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15)) with { Jitter = TimeSpan.FromSeconds(5) };
        system.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, time, () => new LineDecoder()), "scraper");
        await time.WaitForActiveTimersAsync(1);
        var tick = time.GetUtcNow() + SourceScraper.FirstPollOffset(options);
        time.Advance(SourceScraper.FirstPollOffset(options));

        for (int poll = 0; poll < 3; poll++)
        {
            // Note: the tick arms a one-shot timer beside the periodic one; its due time is the drawn delay.
            await time.WaitForActiveTimersAsync(2);
            var delay = time.NextDueIn!.Value;
            Assert.InRange(delay, TimeSpan.Zero, options.Jitter - TimeSpan.FromTicks(1));
            Assert.Equal(poll, source.Requests);
            time.Advance(delay);
            var batch = await sink.NextAsync("prom-a");
            Assert.Equal((tick + delay).ToUnixTimeMilliseconds(), Fresh(batch, "m").Sample.TimestampMs);

            tick += options.Interval;
            time.Advance(tick - time.GetUtcNow());
        }
    }

    [Fact]
    public void Validate_JitterNotBelowInterval_NamesSourceAndField()
    {
        var options = Options("prom-a", new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(15)) with { Jitter = TimeSpan.FromSeconds(15) };
        Assert.Contains(options.Validate(), e => e.StartsWith("source 'prom-a': jitter:", StringComparison.Ordinal));
        Assert.Empty((options with { Jitter = TimeSpan.FromSeconds(14) }).Validate());
    }

    private static ScrapedSeries Fresh(IReadOnlyList<ScrapedSeries> batch, string name) =>
        batch.Single(s => s.Labels.MetricName == name && !s.Sample.IsStale);
}
