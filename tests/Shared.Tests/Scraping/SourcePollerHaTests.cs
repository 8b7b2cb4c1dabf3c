using Aggregator.Shared.Scraping;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class SourcePollerHaTests
{
    private readonly RecordingSink _sink = new();

    private SourcePoller Poller(int stalePolls, params Uri[] urls) => new(new ScrapeSourceOptions
    {
        Name = "ha",
        Urls = urls,
        Match = ["up"],
        HonorLabels = true,
        StalePollsBeforeFailover = stalePolls,
    }, new LineDecoder(), _sink, TimeProvider.System, NullLogger.Instance);

    private double Value(string name) => _sink.Get("__name__", name, "job", "app").Value;

    private static string Instance(Uri url) => $"127.0.0.1:{url.Port}";

    [Fact]
    public async Task PollOnceAsync_ActiveReplicaKilled_SamePollSwitchesWithoutGap()
    {
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        await using var b = await ProgrammableSource.StartAsync("m{job=\"app\"} 2 1000\n");
        using var poller = Poller(3, a.Url, b.Url);
        Assert.Equal(a.Url, (await poller.PollOnceAsync(CancellationToken.None)).Replica);
        Assert.Equal(1, Value("m"));

        var urlA = a.Url;
        await a.DisposeAsync();
        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.True(report.Up);
        Assert.Equal(b.Url, report.Replica);
        Assert.Equal(1, report.FailedAttempts);
        Assert.Equal(0, report.StaleMarkers);
        Assert.Equal(2, Value("m"));
        Assert.Equal(b.Url, poller.ActiveReplica);
        Assert.Equal(b.Url, poller.Status.ActiveReplica);
        Assert.Equal(1, poller.Status.Failovers);
        // Note: no gap: the data series never go stale; only the synthetic series of A's instance do.
        Assert.DoesNotContain(_sink.Batches.SelectMany(x => x), s => s.Sample.IsStale && s.Labels.Get("instance") is null);
        Assert.True(_sink.Get("__name__", "up", "instance", Instance(urlA), "job", "ha").IsStale);
        Assert.Equal(1, _sink.Get("__name__", "up", "instance", Instance(b.Url), "job", "ha").Value);

        // Sticky: a restarted A is not polled while B stays healthy.
        await using var restarted = await ProgrammableSource.StartAsyncOn(urlA, "m{job=\"app\"} 1 2000\n");
        Assert.Equal(b.Url, (await poller.PollOnceAsync(CancellationToken.None)).Replica);
        Assert.Equal(0, restarted.Requests);
    }

    [Fact]
    public async Task PollOnceAsync_ReplicaFailsMidBody_PollHoldsOnlyTheOtherReplicasSeries()
    {
        await using var a = await ProgrammableSource.StartAsync("a_only{job=\"app\"} 1 1000\n");
        await using var b = await ProgrammableSource.StartAsync("b_only{job=\"app\"} 2 1000\nb_too{job=\"app\"} 3 1000\n");
        using var poller = Poller(3, a.Url, b.Url);
        a.Behave(async ctx =>
        {
            await ctx.Response.WriteAsync("a_only{job=\"app\"} 1 1000\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(50);
            ctx.Abort();
        });

        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(b.Url, report.Replica);
        var names = _sink.Last.Select(s => s.Labels.MetricName).Where(n => !n.StartsWith("scrape_", StringComparison.Ordinal) && n != "up").ToList();
        Assert.Equal(["b_only", "b_too"], names.Order());
    }

    [Fact]
    public async Task PollOnceAsync_EveryPoll_ComesFromExactlyOneReplica()
    {
        await using var a = await ProgrammableSource.StartAsync("a_only{job=\"app\"} 1 1000\n");
        await using var b = await ProgrammableSource.StartAsync("b_only{job=\"app\"} 2 1000\n");
        using var poller = Poller(3, a.Url, b.Url);
        var flip = 0;
        // Note: A fails every other poll, so polls alternate between the replicas.
        a.Behave(ctx =>
        {
            if (Interlocked.Increment(ref flip) % 2 == 0)
            {
                ctx.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            return ctx.Response.WriteAsync("a_only{job=\"app\"} 1 1000\n");
        });
        for (int i = 0; i < 6; i++)
        {
            var report = await poller.PollOnceAsync(CancellationToken.None);
            Assert.True(report.Up);
            var fresh = _sink.Last.Where(s => !s.Sample.IsStale).Select(s => s.Labels.MetricName).ToHashSet();
            Assert.False(fresh.Contains("a_only") && fresh.Contains("b_only"), $"poll {i} mixed replicas");
            Assert.Contains(report.Replica == a.Url ? "a_only" : "b_only", fresh);
        }
    }

    [Fact]
    public async Task PollOnceAsync_ReplicaDataNotAdvancing_FailsOverAfterConfiguredPolls()
    {
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        long tsB = 1000;
        await using var b = await ProgrammableSource.StartAsync("");
        b.Behave(ctx => ctx.Response.WriteAsync($"m{{job=\"app\"}} 2 {Interlocked.Add(ref tsB, 1000)}\n"));
        using var poller = Poller(2, a.Url, b.Url);

        Assert.Equal(a.Url, (await poller.PollOnceAsync(CancellationToken.None)).Replica);
        Assert.Equal(a.Url, (await poller.PollOnceAsync(CancellationToken.None)).Replica);
        Assert.Equal(a.Url, poller.ActiveReplica);
        Assert.Equal(a.Url, (await poller.PollOnceAsync(CancellationToken.None)).Replica);
        Assert.Equal(b.Url, poller.ActiveReplica);
        var report = await poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(b.Url, report.Replica);
        Assert.Equal(0, report.FailedAttempts);
        Assert.Equal(2, Value("m"));
    }

    [Fact]
    public async Task PollOnceAsync_AllReplicasDown_UpZeroAfterTryingEach()
    {
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\"} 1 1000\n");
        await using var b = await ProgrammableSource.StartAsync("m{job=\"app\"} 2 1000\n");
        using var poller = Poller(3, a.Url, b.Url);
        await poller.PollOnceAsync(CancellationToken.None);
        a.Behave(ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; });
        b.Behave(ctx => { ctx.Response.StatusCode = 502; return Task.CompletedTask; });

        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.False(report.Up);
        Assert.Equal(2, report.FailedAttempts);
        Assert.Equal(1, report.StaleMarkers);
        Assert.True(_sink.Get("__name__", "m", "job", "app").IsStale);
        Assert.Equal(0, _sink.Get("__name__", "up", "instance", Instance(a.Url), "job", "ha").Value);
    }

    [Fact]
    public async Task PollOnceAsync_ReplicasDifferOnlyByReplicaLabel_FailoverKeepsIdentityWithoutStaleMarkers()
    {
        await using var a = await ProgrammableSource.StartAsync("m{job=\"app\",prometheus_replica=\"a\"} 1 1000\n");
        await using var b = await ProgrammableSource.StartAsync("m{job=\"app\",prometheus_replica=\"b\"} 2 1000\n");
        using var poller = new SourcePoller(new ScrapeSourceOptions
        {
            Name = "ha",
            Urls = [a.Url, b.Url],
            HonorLabels = true,
            ReplicaLabels = ["prometheus_replica", "replica"],
        }, new LineDecoder(), _sink, TimeProvider.System, NullLogger.Instance);
        await poller.PollOnceAsync(CancellationToken.None);
        var before = _sink.Last.Where(s => s.Labels.MetricName == "m").Select(s => s.Labels).Single();

        await a.DisposeAsync();
        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(b.Url, report.Replica);
        Assert.Equal(0, report.StaleMarkers);
        var after = _sink.Last.Where(s => s.Labels.MetricName == "m").Single();
        Assert.Equal(before, after.Labels);
        Assert.Null(after.Labels.Get("prometheus_replica"));
        Assert.Equal(2, after.Sample.Value);
    }
}
