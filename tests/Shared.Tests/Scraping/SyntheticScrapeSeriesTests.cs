using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class SyntheticScrapeSeriesTests
{
    private static readonly Uri ReplicaA = new("http://prom-a.example:9090/prometheus/");
    private static readonly Uri ReplicaB = new("https://prom-b.example/");

    private static PollReport Report(Uri? replica, long t = 5000) =>
        new(replica is not null, replica, t, TimeSpan.FromMilliseconds(250), 7, 2, 0, null, null, 0);

    [Theory]
    [InlineData("http://prom-a.example:9090/prometheus/", "prom-a.example:9090")]
    [InlineData("https://prom-b.example/", "prom-b.example:443")]
    [InlineData("http://prom-c.example/", "prom-c.example:80")]
    [InlineData("http://[::1]:9090/", "[::1]:9090")]
    public void InstanceOf_ReplicaUrl_IsHostAndExplicitPort(string url, string expected) =>
        Assert.Equal(expected, SyntheticScrapeSeries.InstanceOf(new Uri(url)));

    [Fact]
    public void Append_JobTargetLabel_LabelsAsPrometheusFederationJob()
    {
        var synthetic = new SyntheticScrapeSeries(LabelSet.Of("job", "prom-a"));
        var batch = new List<ScrapedSeries>();
        synthetic.Append(Report(ReplicaA), ReplicaA, batch);

        Assert.Equal(
        [
            LabelSet.Of("__name__", "up", "instance", "prom-a.example:9090", "job", "prom-a"),
            LabelSet.Of("__name__", "scrape_duration_seconds", "instance", "prom-a.example:9090", "job", "prom-a"),
            LabelSet.Of("__name__", "scrape_samples_scraped", "instance", "prom-a.example:9090", "job", "prom-a"),
            LabelSet.Of("__name__", "scrape_series_added", "instance", "prom-a.example:9090", "job", "prom-a"),
        ], batch.Select(s => s.Labels));
        Assert.Equal([1, 0.25, 7, 2], batch.Select(s => s.Sample.Value));
        Assert.All(batch, s => Assert.Equal(5000, s.Sample.TimestampMs));
    }

    [Fact]
    public void Append_FailedPoll_UsesReplicaTriedFirstAndNeverAnEmptyInstance()
    {
        var synthetic = new SyntheticScrapeSeries(LabelSet.Of("job", "prom-a"));
        var batch = new List<ScrapedSeries>();
        synthetic.Append(Report(null), ReplicaB, batch);

        Assert.All(batch, s => Assert.Equal("prom-b.example:443", s.Labels.Get("instance")));
        Assert.Equal(0, batch[0].Sample.Value);
    }

    [Fact]
    public void Append_ActiveReplicaChanges_StalesPreviousInstanceSeriesInSamePoll()
    {
        var synthetic = new SyntheticScrapeSeries(LabelSet.Of("job", "prom-a"));
        synthetic.Append(Report(ReplicaA, 1000), ReplicaA, []);
        var batch = new List<ScrapedSeries>();
        synthetic.Append(Report(ReplicaB, 2000), ReplicaA, batch);

        Assert.Equal(8, batch.Count);
        Assert.All(batch.Take(4), s =>
        {
            Assert.Equal("prom-a.example:9090", s.Labels.Get("instance"));
            Assert.True(s.Sample.IsStale);
            Assert.Equal(2000, s.Sample.TimestampMs);
        });
        Assert.All(batch.Skip(4), s => Assert.Equal("prom-b.example:443", s.Labels.Get("instance")));
        Assert.Equal(1, batch[4].Sample.Value);

        var steady = new List<ScrapedSeries>();
        synthetic.Append(Report(ReplicaB, 3000), ReplicaB, steady);
        Assert.Equal(4, steady.Count);
        Assert.DoesNotContain(steady, s => s.Sample.IsStale);
    }

    [Fact]
    public void Append_ExplicitInstanceTargetLabel_WinsOverReplica()
    {
        var synthetic = new SyntheticScrapeSeries(LabelSet.Of("instance", "site-prom", "job", "prom-a"));
        var batch = new List<ScrapedSeries>();
        synthetic.Append(Report(ReplicaA), ReplicaA, batch);
        synthetic.Append(Report(ReplicaB), ReplicaA, batch);

        Assert.Equal(8, batch.Count);
        Assert.All(batch, s => Assert.Equal("site-prom", s.Labels.Get("instance")));
        Assert.DoesNotContain(batch, s => s.Sample.IsStale);
    }
}
