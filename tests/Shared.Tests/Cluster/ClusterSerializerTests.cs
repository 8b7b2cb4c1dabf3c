using Akka.Actor;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tests.Cluster;

public sealed class ClusterSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-tests", "akka.loglevel = WARNING");

    private ClusterSerializer Serializer => new((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void ToBinary_SiteChangesWithStaleMarker_RoundTripsLabelsAndNaNBits()
    {
        var series = new WriteSeries(LabelSet.Of("__name__", "up", "job", "a", "site", "dc1"), [new Sample(1, 2.5), new Sample(2, StaleMarker.Value)]);
        var message = new SiteChanges("dc1", [series], 123, 45, Epoch: -7, Seq: 9, Direct: true);

        var back = Assert.IsType<SiteChanges>(RoundTrip(message));

        Assert.Equal(("dc1", 123L, 45L, -7L, 9L, true), (back.Site, back.LastSeenMs, back.SeriesCount, back.Epoch, back.Seq, back.Direct));
        var only = Assert.Single(back.Series);
        Assert.Equal(series.Labels, only.Labels);
        Assert.Equal(new Sample(1, 2.5), only.Samples[0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(StaleMarker.Value), BitConverter.DoubleToInt64Bits(only.Samples[1].Value));
    }

    [Fact]
    public void ToBinary_EveryMessageType_RoundTripsWithItsOwnManifest()
    {
        var probe = _system.ActorOf(Props.Empty, "reply-to");
        object[] messages =
        [
            new SiteWrite("dc2", [new WriteSeries(LabelSet.Of("__name__", "m"), [new Sample(5, 1)])]),
            new SiteWriteAck(3, 1, 10),
            new SiteSnapshotRequest("dc3", probe),
            new SiteSnapshotChunk("dc4", [], 7, 0, Last: true, Epoch: 11, Seq: 12),
            new SiteFollowing("dc5", 13, probe),
        ];

        var manifests = messages.Select(Serializer.Manifest).ToList();

        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.Equal(3, Assert.IsType<SiteWriteAck>(RoundTrip(messages[1])).Accepted);
        Assert.Equal(probe, Assert.IsType<SiteSnapshotRequest>(RoundTrip(messages[2])).ReplyTo);
        var chunk = Assert.IsType<SiteSnapshotChunk>(RoundTrip(messages[3]));
        Assert.Equal((true, 11L, 12L), (chunk.Last, chunk.Epoch, chunk.Seq));
        Assert.Equal(messages[4], RoundTrip(messages[4]));
        Assert.Equal("m", Assert.Single(Assert.IsType<SiteWrite>(RoundTrip(messages[0])).Series).Labels.MetricName);
    }

    [Fact]
    public void FromBinary_UnknownManifest_ThrowsNamingIt()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary([], "Z"));
        Assert.Contains("'Z'", error.Message);
    }

    [Fact]
    public void FindSerializerFor_ClusterMessageUnderGeneratedConfig_IsOurs()
    {
        using var system = ActorSystem.Create("bound", $$"""
            akka.actor.serializers { aggregator-cluster = "{{typeof(ClusterSerializer).FullName}}, Aggregator.Shared" }
            akka.actor.serialization-bindings { "{{typeof(IClusterMessage).FullName}}, Aggregator.Shared" = aggregator-cluster }
            """);

        var serializer = system.Serialization.FindSerializerFor(new SiteWriteAck(1, 0, 1));

        Assert.Equal(ClusterSerializer.Id, serializer.Identifier);
    }

    private object RoundTrip(object message)
    {
        var serializer = Serializer;
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }
}
