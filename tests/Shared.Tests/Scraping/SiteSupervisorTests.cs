using Aggregator.Shared.Actors;
using Aggregator.Shared.Scraping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>Real time with short intervals: restarts and backoff run as in production.</summary>
public sealed class SiteSupervisorTests
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
            new BackoffOptions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), RandomFactor: 0));

    [Fact]
    public async Task Supervisor_ScraperCrashes_IsRestartedAndPollsAgainWhileOthersContinue()
    {
        await using var system = ActorSystem.Create("site");
        await using var bad = await ProgrammableSource.StartAsync("m{job=\"bad\"} 1 1000\n");
        await using var good = await ProgrammableSource.StartAsync("m{job=\"good\"} 2 1000\n");
        var sink = new ChannelSink { FailingSource = "bad", FailuresLeft = 3 };
        system.ActorOf(SupervisorProps(sink, Options("bad", bad.Url), Options("good", good.Url)), "site");

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
        await using var system = ActorSystem.Create("site-status");
        await using var a = await ProgrammableSource.StartAsync("m 1\n");
        await using var b = await ProgrammableSource.StartAsync("m 2\n");
        var sink = new ChannelSink();
        var site = system.ActorOf(SupervisorProps(sink, Options("b", b.Url), Options("a", a.Url)));

        var statuses = await site.Ask<IReadOnlyList<SourceStatus>>(GetSourceStatus.Instance, TimeSpan.FromSeconds(10));

        Assert.Equal(["a", "b"], statuses.Select(s => s.Name));
        Assert.Equal([a.Url, b.Url], statuses.Select(s => s.ActiveReplica));
    }

    [Theory]
    [InlineData("prom-a", "source-prom-a")]
    [InlineData("dc1/prom a", "source-dc1_prom_a")]
    public void ChildName_ReplacesCharactersActorNamesRefuse(string source, string expected) =>
        Assert.Equal(expected, SiteSupervisor.ChildName(source));
}
