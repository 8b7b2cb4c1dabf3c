using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using Akka.Util;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Cluster;

public class RingMemberStatesTests
{
    private const string StaticRing = """
        aggregator {
          rings.global { members = [agg-0, agg-1, agg-2] }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://10.0.0.1:9095", cluster-port = 4053 }
            agg-1 { role = aggregator, ring = global, url = "http://10.0.0.2:9095", cluster-port = 4053 }
            agg-2 { role = aggregator, ring = global, url = "http://10.0.0.2:9096", cluster-port = 4054 }
          }
        }
        """;

    private const string DnsRing = """
        aggregator {
          rings.global { dns = "aggregator-headless:9095" }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://10.0.0.1:9095", cluster-port = 4053 }
          }
        }
        """;

    private static Address At(string host, int port) => new("akka.tcp", "global", host, port);

    // Note: Akka keeps Member's factory internal (members come from the cluster); a test builds one through it.
    private static readonly MethodInfo CreateMember = typeof(Member).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Single(m => m.Name == "Create" && m.GetParameters().Length == 5);

    private static Member Member(Address address, MemberStatus status) =>
        (Member)CreateMember.Invoke(null, [new UniqueAddress(address, 1), 1, status, ImmutableHashSet<string>.Empty, AppVersion.Zero])!;

    private static ClusterEvent.CurrentClusterState Snapshot(IEnumerable<Member> members, IEnumerable<Member>? unreachable = null) =>
        new(ImmutableSortedSet.CreateRange(Comparer<Member>.Create((a, b) => Akka.Cluster.Member.AddressOrdering.Compare(a.Address, b.Address)), members), (unreachable ?? []).ToImmutableHashSet(),
            ImmutableHashSet<Address>.Empty, null, ImmutableDictionary<string, Address>.Empty);

    private static RingMemberStates States(string hocon, Address self)
    {
        var topology = TopologyLoader.LoadText(hocon, "/t/topology.hocon", "/t", _ => null).Topology!;
        return new RingMemberStates(topology, topology.Rings[0], self, tls: false);
    }

    [Fact]
    public void Rows_StaticRing_MatchesMembersByUrlHostAndClusterPortAndListsAbsentOnes()
    {
        var states = States(StaticRing, At("10.0.0.1", 4053));

        Assert.True(states.Apply(Snapshot([Member(At("10.0.0.1", 4053), MemberStatus.Up), Member(At("10.0.0.2", 4054), MemberStatus.Joining)])));

        Assert.Equal(
            [new RingMemberState("agg-0", new Uri("http://10.0.0.1:9095"), "up", true, true),
             new RingMemberState("agg-1", new Uri("http://10.0.0.2:9095"), "absent", false, false),
             new RingMemberState("agg-2", new Uri("http://10.0.0.2:9096"), "joining", false, false)],
            states.Rows());
    }

    [Fact]
    public void Apply_UnreachableThenRemoved_MemberShowsDownThenRemovedAndStaysListed()
    {
        var states = States(StaticRing, At("10.0.0.1", 4053));
        var agg1 = Member(At("10.0.0.2", 4053), MemberStatus.Up);
        states.Apply(Snapshot([Member(At("10.0.0.1", 4053), MemberStatus.Up), agg1]));

        states.Apply(new ClusterEvent.UnreachableMember(agg1));
        var unreachable = states.Rows()[1];
        states.Apply(new ClusterEvent.MemberRemoved(agg1.Copy(MemberStatus.Removed), MemberStatus.Down));
        var removed = states.Rows()[1];
        states.Apply(new ClusterEvent.MemberUp(agg1));

        Assert.Equal(("unreachable", false), (unreachable.State, unreachable.Up));
        Assert.Equal(("removed", false), (removed.State, removed.Up));
        Assert.Equal(("up", true), (states.Rows()[1].State, states.Rows()[1].Up));
    }

    [Fact]
    public void Apply_ReachableAgain_MemberIsUpAgain()
    {
        var states = States(StaticRing, At("10.0.0.1", 4053));
        var agg2 = Member(At("10.0.0.2", 4054), MemberStatus.Up);
        states.Apply(Snapshot([agg2], unreachable: [agg2]));
        var before = states.Rows()[2];

        states.Apply(new ClusterEvent.ReachableMember(agg2));

        Assert.False(before.Up);
        Assert.True(states.Rows()[2].Up);
    }

    [Fact]
    public void Rows_DnsRing_NamesMembersByAddressAtTheRingsHttpPortAndForgetsRemovedOnes()
    {
        var states = States(DnsRing, At("10.0.0.1", 4053));
        var other = Member(At("10.0.0.7", 4053), MemberStatus.Up);
        states.Apply(Snapshot([Member(At("10.0.0.1", 4053), MemberStatus.Up), other]));
        var rows = states.Rows();

        states.Apply(new ClusterEvent.MemberRemoved(other.Copy(MemberStatus.Removed), MemberStatus.Exiting));

        Assert.Equal(
            [new RingMemberState("10.0.0.1:9095", new Uri("http://10.0.0.1:9095/"), "up", true, true),
             new RingMemberState("10.0.0.7:9095", new Uri("http://10.0.0.7:9095/"), "up", true, false)],
            rows);
        Assert.Equal(["10.0.0.1:9095"], states.Rows().Select(r => r.Id));
    }

    [Fact]
    public void Apply_OtherMessage_IsNotTracked()
    {
        var states = States(StaticRing, At("10.0.0.1", 4053));

        Assert.False(states.Apply("tick"));
        Assert.All(states.Rows(), r => Assert.Equal("absent", r.State));
    }
}
