using Aggregator.Shared.Cluster;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tests.Cluster;

public class SeriesChunksTests
{
    [Fact]
    public void Split_TwentyThousandSeries_EveryChunkSerializesBelowTheFrameSizeAndNothingIsLost()
    {
        var series = Enumerable.Range(0, 20_000)
            .Select(i => new WriteSeries(LabelSet.Of("__name__", "job:http_requests:rate5m", "job", $"job-{i}", "site", "dc-é"), [new Sample(i, i)]))
            .ToList();

        var chunks = SeriesChunks.Split(series).ToList();

        Assert.True(chunks.Count > 1);
        Assert.Equal(series, chunks.SelectMany(c => c));
        using var system = Akka.Actor.ActorSystem.Create("chunks", "akka.loglevel = WARNING");
        var serializer = new ClusterSerializer((Akka.Actor.ExtendedActorSystem)system);
        Assert.All(chunks, c => Assert.InRange(serializer.ToBinary(new SiteChanges("dc-é", c, 0, 0, Epoch: long.MinValue, Seq: long.MaxValue, Direct: true)).Length, 1, SeriesChunks.MaxChunkBytes));
    }

    [Fact]
    public void Split_NoSeries_YieldsNoChunk()
    {
        Assert.Empty(SeriesChunks.Split([]));
    }
}
