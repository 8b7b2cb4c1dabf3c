using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.StatusPage;

public class StatusSnapshotBuilderTests
{
    [Fact]
    public void ExpectedSites_RegionRingBelow_IncludesItsSitesButNotOtherRings()
    {
        var result = TopologyLoader.LoadText("""
            aggregator {
              rings {
                global { members = [g-0] }
                eu { members = [eu-0], parent = global }
                other { members = [o-0] }
              }
              nodes {
                g-0 { role = aggregator, ring = global, url = "http://127.0.0.1:1", cluster-port = 4101 }
                eu-0 { role = aggregator, ring = eu, url = "http://127.0.0.1:2", cluster-port = 4102 }
                o-0 { role = aggregator, ring = other, url = "http://127.0.0.1:3", cluster-port = 4103 }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:4" }
                dc2 { role = node, parent = eu, url = "http://127.0.0.1:5", site = paris }
                dc3 { role = node, parent = other, url = "http://127.0.0.1:6" }
              }
            }
            """, "t.hocon", ".", _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;

        Assert.Equal(["dc1", "paris"], StatusSnapshotBuilder.ExpectedSites(topology, topology.FindRing("global")!));
        Assert.Equal(["paris"], StatusSnapshotBuilder.ExpectedSites(topology, topology.FindRing("eu")!));
    }
}
