using Akka.Configuration;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Cluster;

public class ClusterHoconTests
{
    private const string Topology = """
        aggregator {
          rings.global {
            members = [agg-0, agg-1]
            akka.cluster {
              split-brain-resolver { stable-after = 5s, down-all-when-unstable = off }
              failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s, threshold = 10 }
            }
          }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://agg-0.headless:9095", listen = "http://0.0.0.0:9095" }
            agg-1 { role = aggregator, ring = global, url = "http://agg-1.headless:9095", listen = "http://0.0.0.0:9096", cluster-port = 4054 }
          }
        }
        """;

    [Fact]
    public void Build_RingWithAkkaBlock_GeneratesRemotingSeedsDowningShardingAndTheBlock()
    {
        var topology = Load(Topology);
        var ring = topology.Rings[0];
        var member = topology.FindNode("agg-1")!;

        var config = ConfigurationFactory.ParseString(ClusterHocon.Build(ring, member, member.Url.Host, ClusterHocon.StaticSeeds(topology, ring), tls: false, "global"));

        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("0.0.0.0", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("agg-1.headless", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(4054, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://global@agg-0.headless:4053", "akka.tcp://global@agg-1.headless:4054"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.False(config.GetBoolean("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(10.0, config.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal("ddata", config.GetString("akka.cluster.sharding.state-store-mode"));
        Assert.Equal("aggregator-cluster", config.GetString("akka.actor.serialization-bindings.\"Aggregator.Shared.Cluster.IClusterMessage, Aggregator.Shared\""));
    }

    [Fact]
    public void Build_Tls_SeedsUseTheSslTransportsProtocol()
    {
        var topology = Load(Topology);
        var ring = topology.Rings[0];

        var config = ConfigurationFactory.ParseString(ClusterHocon.Build(ring, topology.FindNode("agg-0")!, "agg-0.headless", ClusterHocon.StaticSeeds(topology, ring), tls: true, "global"));

        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.All(config.GetStringList("akka.cluster.seed-nodes"), seed => Assert.StartsWith("akka.ssl.tcp://global@", seed));
    }

    private static TopologyConfig Load(string text)
    {
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }
}
