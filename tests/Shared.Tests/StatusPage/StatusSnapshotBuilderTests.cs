using Aggregator.Shared.Cluster;
using Aggregator.Shared.Hosting;
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

    private const string Ring = """
        aggregator {
          rings { global { members = [agg-0, agg-1] } }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:1", cluster-port = 4101 }
            agg-1 { role = aggregator, ring = global, url = "http://user:secret@127.0.0.1:2", cluster-port = 4102 }
          }
        }
        """;

    private static NodeContext Member(string id)
    {
        var topology = TopologyLoader.LoadText(Ring, "t.hocon", ".", _ => null).Topology!;
        return new NodeContext(topology, topology.FindNode(id)!);
    }

    [Fact]
    public void Build_RingMemberWithClusterState_ShowsEachMembersStateFromTheCluster()
    {
        var boards = new StatusBoards();
        boards.Members.SetCluster([
            new RingMemberState("agg-0", new Uri("http://127.0.0.1:1"), "up", true, true),
            new RingMemberState("agg-1", new Uri("http://user:secret@127.0.0.1:2"), "unreachable", false, false)]);

        var members = new StatusSnapshotBuilder(Member("agg-0"), new ReadinessGate(), boards, TimeProvider.System).Build().Members;

        Assert.Equal(
            [new MemberRow("agg-0", "global", "http://127.0.0.1:1/", true, true, "up"),
             new MemberRow("agg-1", "global", "http://user:xxxxx@127.0.0.1:2/", false, false, "unreachable")],
            members);
    }

    [Fact]
    public void Build_RingMemberBeforeAnyClusterEvent_ListsTheTopologysMembersUnknown()
    {
        var members = new StatusSnapshotBuilder(Member("agg-1"), new ReadinessGate(), new StatusBoards(), TimeProvider.System).Build().Members;

        Assert.Equal([("agg-0", (bool?)null, false), ("agg-1", null, true)], members.Select(m => (m.Id, m.Up, m.Self)));
        Assert.All(members, m => Assert.Null(m.State));
    }
}
