using Akka.Actor;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>Real time with short intervals: restarts and backoff run as in production.</summary>
public sealed class SiteSupervisorTests : Akka.TestKit.Xunit2.TestKit
{
    private static ScrapeSourceOptions Options(string name, Uri url) => new()
    {
        Name = name,
        Urls = [url],
        Match = ["up"],
        Interval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromMilliseconds(200),
    };

    private static Props SupervisorProps(ChannelSink sink, params ScrapeSourceOptions[] sources) =>
        SiteSupervisor.Props(sources,
            o => SourceScraper.Props(o, sink, NullLogger.Instance, TimeProvider.System, () => new LineDecoder()),
            NullLogger.Instance,
            new ScraperBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), RandomFactor: 0));

    [Fact]
    public async Task Supervisor_ScraperCrashes_IsRestartedAndPollsAgainWhileOthersContinue()
    {
        await using var bad = await ProgrammableSource.StartAsync("m{job=\"bad\"} 1 1000\n");
        await using var good = await ProgrammableSource.StartAsync("m{job=\"good\"} 2 1000\n");
        var sink = new ChannelSink { FailingSource = "bad", FailuresLeft = 3 };
        Sys.ActorOf(SupervisorProps(sink, Options("bad", bad.Url), Options("good", good.Url)), "site");

        // Note: three crashed polls (each one restart) while "good" keeps delivering, then "bad" is back.
        var recovered = await sink.NextAsync("bad");

        Assert.Contains(recovered, s => s.Labels.MetricName == "m" && s.Sample.Value == 1);
        Assert.True(bad.Requests >= 4, $"bad was polled {bad.Requests} times");
        Assert.True(good.Requests >= 1);
        Assert.True(Volatile.Read(ref sink.FailuresLeft) < 0);
    }

    [Fact]
    public async Task Supervisor_GetSourceStatus_ListsEverySourceByName()
    {
        await using var a = await ProgrammableSource.StartAsync("m 1\n");
        await using var b = await ProgrammableSource.StartAsync("m 2\n");
        var sink = new ChannelSink();
        var site = Sys.ActorOf(SupervisorProps(sink, Options("b", b.Url), Options("a", a.Url)));

        var statuses = await site.Ask<IReadOnlyList<SourceStatus>>(GetSourceStatus.Instance, TimeSpan.FromSeconds(10));

        Assert.Equal(["a", "b"], statuses.Select(s => s.Name));
        Assert.Equal([a.Url, b.Url], statuses.Select(s => s.ActiveReplica));
    }

    [Theory]
    [InlineData(SourceFault.Status500, ScrapeFailureReason.HttpStatus)]
    [InlineData(SourceFault.Garbage, ScrapeFailureReason.Parse)]
    [InlineData(SourceFault.Truncated, ScrapeFailureReason.Truncated)]
    [InlineData(SourceFault.Timeout, ScrapeFailureReason.Timeout)]
    [InlineData(SourceFault.BodyTooLarge, ScrapeFailureReason.BodySizeLimit)]
    [InlineData(SourceFault.TooManySamples, ScrapeFailureReason.SampleLimit)]
    [InlineData(SourceFault.Down, ScrapeFailureReason.Network)]
    public async Task Supervisor_OneSourceFaulty_ItReportsUpZeroAndStaleWhileTheOtherStaysUp(SourceFault fault, ScrapeFailureReason reason)
    {
        const string Healthy = "m{job=\"bad\",k=\"1\"} 1 1000\nm{job=\"bad\",k=\"2\"} 2 1000\n";
        await using var bad = await FaultySource.StartAsync(Healthy);
        await using var good = await ProgrammableSource.StartAsync("m{job=\"good\"} 3 1000\n");
        var sink = new ChannelSink();
        // Note: polls are scheduled in real time, but a poller whose clock never moves never times out, so a
        // loaded machine cannot fail a poll; only the Timeout fault needs the bad source's real clock.
        var frozen = new ManualTimeProvider();
        var pollerTime = (ScrapeSourceOptions o) => o.Name == "bad" && fault == SourceFault.Timeout ? TimeProvider.System : frozen;
        var limits = (ScrapeSourceOptions o) => o with { BodySizeLimitBytes = 4096, SampleLimit = 2 };
        var site = Sys.ActorOf(SiteSupervisor.Props([limits(Options("bad", bad.Url)), limits(Options("good", good.Url))],
            o => SourceScraper.Props(o, sink, NullLogger.Instance, pollerTime(o), () => new LineDecoder()),
            NullLogger.Instance), "site");
        await NextWhereAsync(sink, "bad", batch => Up(batch) == 1);

        await bad.InjectAsync(fault);
        // Note: a poll already running when the fault was injected may still succeed; the next ones fail.
        var failed = await NextWhereAsync(sink, "bad", batch => Up(batch) == 0);
        Assert.Equal(2, failed.Count(s => s.Labels.MetricName == "m" && s.Sample.IsStale));
        Assert.Equal(0, Up(await sink.NextAsync("bad")));
        for (int i = 0; i < 2; i++)
        {
            var batch = await sink.NextAsync("good");
            Assert.Equal(1, Up(batch));
            Assert.Contains(batch, s => s.Labels.MetricName == "m" && s.Sample.Value == 3);
        }
        var statuses = await site.Ask<IReadOnlyList<SourceStatus>>(GetSourceStatus.Instance, TimeSpan.FromSeconds(10));
        var badStatus = statuses.Single(s => s.Name == "bad");
        Assert.True(badStatus.Failures[reason] >= 2, string.Join(", ", badStatus.Failures));
        Assert.Equal(reason, badStatus.LastPoll!.FailureReason);
        Assert.All(statuses.Single(s => s.Name == "good").Failures.Values, count => Assert.Equal(0, count));

        await bad.HealAsync();
        var healed = await NextWhereAsync(sink, "bad", batch => Up(batch) == 1);
        Assert.Equal(2, healed.Count(s => s.Labels.MetricName == "m" && !s.Sample.IsStale));
    }

    private static double Up(IReadOnlyList<ScrapedSeries> batch) => batch.Single(s => s.Labels.MetricName == "up").Sample.Value;

    private static async Task<IReadOnlyList<ScrapedSeries>> NextWhereAsync(ChannelSink sink, string source, Func<IReadOnlyList<ScrapedSeries>, bool> wanted)
    {
        for (int i = 0; i < 20; i++)
        {
            var batch = await sink.NextAsync(source);
            if (wanted(batch))
            {
                return batch;
            }
        }
        throw new Xunit.Sdk.XunitException($"no wanted batch of {source} in 20 polls");
    }

    [Theory]
    [InlineData("prom-a", "source-prom-a")]
    [InlineData("dc1/prom a", "source-dc1_prom_a")]
    public void ChildName_ReplacesCharactersActorNamesRefuse(string source, string expected) =>
        Assert.Equal(expected, SiteSupervisor.ChildName(source));
}
