using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Topology;

/// <summary>The keys each ring's Akka.Cluster reads: cluster-port, series-per-site and the ring's akka { } block.</summary>
public class ClusterTopologyTests
{
    [Fact]
    public void LoadText_NoClusterKeys_DefaultsToPort4053AndAkkasOwnSettings()
    {
        var result = Load("""
            aggregator {
              rings.global { members = [a] }
              nodes.a { role = aggregator, ring = global, url = "http://a:9095" }
            }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(4053, result.Topology!.FindNode("a")!.ClusterPort);
        Assert.Equal(RingAkkaSettings.Defaults, result.Topology.Rings[0].Akka);
    }

    [Fact]
    public void LoadText_MembersSharingHostAndClusterPort_ReportsTheDuplicateWithItsPosition()
    {
        var result = Load("""
            aggregator {
              rings.global { members = [a, b, c] }
              nodes {
                a { role = aggregator, ring = global, url = "http://127.0.0.1:9201" }
                b { role = aggregator, ring = global, url = "http://127.0.0.1:9202" }
                c { role = aggregator, ring = global, url = "http://127.0.0.1:9203", cluster-port = 70000 }
              }
            }
            """);

        Assert.Equal(
        [
            "t.hocon:5:7: aggregator.nodes.b.cluster-port: duplicate cluster endpoint 127.0.0.1:4053 (also node 'a')",
            "t.hocon:6:89: aggregator.nodes.c.cluster-port: expected a port 1..65535, got 70000",
        ], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void LoadText_AkkaBlockWithUnknownKeyWrongTypeAndBadValues_ReportsEachAtItsPosition()
    {
        var result = Load("""
            aggregator {
              rings.global {
                members = [a]
                akka.cluster {
                  split-brain-resolver { stable-after = soon, keep-majority = on }
                  failure-detector { heartbeat-interval = 2s, acceptable-heartbeat-pause = 1s, threshold = -1 }
                }
              }
              nodes.a { role = aggregator, ring = global, url = "http://a:9095", cluster-port = 9095 }
            }
            """);

        string[] expected =
        [
            "t.hocon:5:45: aggregator.rings.global.akka.cluster.split-brain-resolver.stable-after: expected a duration such as 15s, 500ms or 5m: expected a number followed by an optional unit, got \"soon\"",
            "t.hocon:5:51: aggregator.rings.global.akka.cluster.split-brain-resolver.keep-majority: unknown key 'keep-majority'",
            "t.hocon:6:80: aggregator.rings.global.akka.cluster.failure-detector.acceptable-heartbeat-pause: expected at least heartbeat-interval (2s), got 1s",
            "t.hocon:6:96: aggregator.rings.global.akka.cluster.failure-detector.threshold: expected a positive number, got -1",
            "t.hocon:9:85: aggregator.nodes.a.cluster-port: cluster port 9095 is also the node's HTTP listen port",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    private static TopologyLoadResult Load(string text) => TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
}
