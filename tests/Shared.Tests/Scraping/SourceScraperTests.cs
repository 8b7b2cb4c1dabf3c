using Akka.Actor;
using Akka.TestKit;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// Virtual time: Akka's <see cref="TestScheduler"/> fires the scraper's timers and a <see cref="ManualTimeProvider"/>
/// stamps its samples; the tests move both together.
/// </summary>
public sealed class SourceScraperTests : Akka.TestKit.Xunit2.TestKit
{
    private const string VirtualTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    private readonly ManualTimeProvider _time = new();

    public SourceScraperTests()
        : base(VirtualTime)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private static ScrapeSourceOptions Options(string name, Uri url, TimeSpan interval) => new()
    {
        Name = name,
        Urls = [url],
        Match = ["up"],
        Interval = interval,
        Timeout = interval,
    };

    private void Advance(TimeSpan by)
    {
        _time.Advance(by);
        Scheduler.Advance(by);
    }

    /// <summary>
    /// The scraper's status once it has handled everything sent before (a tick the scheduler just fired
    /// included), so the timers it arms in turn are armed.
    /// </summary>
    private static Task<SourceStatus> SettledAsync(IActorRef scraper) => scraper.Ask<SourceStatus>(GetSourceStatus.Instance);

    private async Task<IActorRef> StartAsync(ScrapeSourceOptions options, ChannelSink sink, Random? random = null)
    {
        var scraper = Sys.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, _time, () => new LineDecoder(), random: random), "scraper");
        await SettledAsync(scraper);
        return scraper;
    }

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
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15));
        await StartAsync(options, sink);

        Advance(SourceScraper.FirstPollOffset(options));
        var first = await sink.NextAsync("prom-a");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), first[^1].Sample.TimestampMs);

        Advance(options.Interval);
        var second = await sink.NextAsync("prom-a");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), second[^1].Sample.TimestampMs);
        Assert.Equal(2, source.Requests);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task Scraper_GetSourceStatus_ReportsActiveReplicaAndLastPoll()
    {
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15));
        var scraper = await StartAsync(options, sink);
        Advance(SourceScraper.FirstPollOffset(options));
        await sink.NextAsync("prom-a");

        var status = await AwaitPolledAsync(scraper, 1);

        Assert.Equal("prom-a", status.Name);
        Assert.Equal(source.Url, status.ActiveReplica);
        Assert.True(status.LastPoll!.Up);
        Assert.Equal(1, status.Polls);
    }

    [Fact]
    public async Task Scraper_ActiveReplicaKilled_NextPollOneIntervalLaterComesFromOtherReplicaWithoutGap()
    {
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        await using var b = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        var sink = new ChannelSink();
        var options = Options("ha", a.Url, TimeSpan.FromSeconds(15)) with { Urls = [a.Url, b.Url] };
        var scraper = await StartAsync(options, sink);
        Advance(SourceScraper.FirstPollOffset(options));
        var before = await sink.NextAsync("ha");
        await AwaitPolledAsync(scraper, 1);
        long t0 = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(new Sample(t0, 1), Fresh(before, "m").Sample);
        Assert.Equal($"127.0.0.1:{a.Url.Port}", Fresh(before, "up").Labels.Get("instance"));
        Assert.Equal(1, Fresh(before, "up").Sample.Value);

        await a.DisposeAsync();
        var samples = new List<Sample>();
        for (int poll = 1; poll <= 3; poll++)
        {
            Advance(options.Interval);
            var batch = await sink.NextAsync("ha");
            await AwaitPolledAsync(scraper, 1 + poll);
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
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15)) with { Jitter = TimeSpan.FromSeconds(5) };
        // Note: the same seed gives the test the delays the scraper draws.
        var expected = new Random(7);
        var scraper = await StartAsync(options, sink, new Random(7));
        Advance(SourceScraper.FirstPollOffset(options));
        var tick = _time.GetUtcNow();

        for (int poll = 0; poll < 3; poll++)
        {
            var delay = SourceScraper.JitterDelay(options, expected);
            Assert.InRange(delay, TimeSpan.FromTicks(1), options.Jitter - TimeSpan.FromTicks(1));
            await SettledAsync(scraper);
            Advance(delay - TimeSpan.FromTicks(1));
            Assert.Equal(poll, (await SettledAsync(scraper)).Polls);
            Assert.Equal(poll, source.Requests);

            Advance(TimeSpan.FromTicks(1));
            var batch = await sink.NextAsync("prom-a");
            Assert.Equal((tick + delay).ToUnixTimeMilliseconds(), Fresh(batch, "m").Sample.TimestampMs);
            await AwaitPolledAsync(scraper, poll + 1);

            tick += options.Interval;
            Advance(tick - _time.GetUtcNow());
        }
    }

    [Fact]
    public async Task Scraper_ReaderThrowsAnUnexpectedExceptionType_FailedPollsCountedAsParseAndTheActorKeepsRunning()
    {
        await using var source = await ProgrammableSource.StartAsync("m{job=\"app\"} 1\n");
        var sink = new ChannelSink();
        var options = Options("prom-a", source.Url, TimeSpan.FromSeconds(15));
        // Note: a reader bug (an exception type no body should cause) on every body.
        ExpositionReadResult Broken(ReadOnlyMemory<byte> body, ExpositionFormat format, IExpositionSink expositionSink,
            ExpositionCache? cache, ExpositionReadOptions? readOptions) => throw new IndexOutOfRangeException("reader bug at byte " + body.Length);
        var scraper = Sys.ActorOf(SourceScraper.Props(options, sink, NullLogger.Instance, _time, () => new ExpositionScrapeDecoder(Broken)), "scraper");
        await SettledAsync(scraper);
        Watch(scraper);

        Advance(SourceScraper.FirstPollOffset(options));
        var first = await sink.NextAsync("prom-a");
        await AwaitPolledAsync(scraper, 1);
        Advance(options.Interval);
        await sink.NextAsync("prom-a");
        var status = await AwaitPolledAsync(scraper, 2);

        Assert.Equal(0, Fresh(first, "up").Sample.Value);
        Assert.False(status.LastPoll!.Up);
        Assert.Equal(ScrapeFailureReason.Parse, status.LastPoll.FailureReason);
        Assert.Contains("IndexOutOfRangeException: reader bug", status.LastPoll.Error);
        // Note: a crash would restart the actor with a new poller, whose counters start again at zero.
        Assert.Equal(2, status.Polls);
        Assert.Equal(2, status.Failures[ScrapeFailureReason.Parse]);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Validate_JitterNotBelowInterval_NamesSourceAndField()
    {
        var options = Options("prom-a", new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(15)) with { Jitter = TimeSpan.FromSeconds(15) };
        Assert.Contains(options.Validate(), e => e.StartsWith("source 'prom-a': jitter:", StringComparison.Ordinal));
        Assert.Empty((options with { Jitter = TimeSpan.FromSeconds(14) }).Validate());
    }

    /// <summary>The status once the scraper has taken in its <paramref name="polls"/>-th poll (the sink sees a batch just before).</summary>
    private static async Task<SourceStatus> AwaitPolledAsync(IActorRef scraper, long polls)
    {
        for (int i = 0; i < 200; i++)
        {
            var status = await SettledAsync(scraper);
            if (status.Polls >= polls)
            {
                return status;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"the scraper did not reach {polls} polls");
    }

    private static ScrapedSeries Fresh(IReadOnlyList<ScrapedSeries> batch, string name) =>
        batch.Single(s => s.Labels.MetricName == name && !s.Sample.IsStale);
}
