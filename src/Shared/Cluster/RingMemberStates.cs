using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Cluster;

/// <summary>One ring member as this member's Akka.Cluster sees it: its topology id (or, in a DNS ring, <c>ip:port</c>), state and whether it is up.</summary>
internal sealed record RingMemberState(string Id, Uri? Url, string State, bool Up, bool Self);

/// <summary>
/// The ring's members from this member's cluster events (a snapshot, then member and reachability
/// events), named as the topology names them: a static ring's members are matched by their url host
/// and cluster port, and each shows even before it joined ("absent") or once it left ("removed"); a DNS
/// ring's members are the cluster's, named <c>ip:port</c> with the HTTP port of the ring's <c>dns</c>.
/// Up means Up (or WeaklyUp) and reachable from here. Used by one actor only (not thread-safe).
/// </summary>
internal sealed class RingMemberStates(TopologyConfig topology, RingConfig ring, Address self, bool tls)
{
    private readonly Dictionary<Address, MemberStatus> _members = [];
    private readonly HashSet<Address> _unreachable = [];

    /// <summary>Applies a cluster event; returns whether it was one this view tracks.</summary>
    public bool Apply(object clusterEvent)
    {
        switch (clusterEvent)
        {
            case ClusterEvent.CurrentClusterState state:
                _members.Clear();
                _unreachable.Clear();
                foreach (var member in state.Members)
                {
                    _members[member.Address] = member.Status;
                }
                _unreachable.UnionWith(state.Unreachable.Select(m => m.Address));
                return true;
            case ClusterEvent.MemberRemoved removed:
                _unreachable.Remove(removed.Member.Address);
                if (Named(removed.Member.Address) is null)
                {
                    // Note: a DNS ring's pod that left is gone for good (a new pod has a new address); a static member stays listed.
                    _members.Remove(removed.Member.Address);
                }
                else
                {
                    _members[removed.Member.Address] = MemberStatus.Removed;
                }
                return true;
            case ClusterEvent.IMemberEvent changed:
                _members[changed.Member.Address] = changed.Member.Status;
                return true;
            case ClusterEvent.UnreachableMember unreachable:
                _unreachable.Add(unreachable.Member.Address);
                return true;
            case ClusterEvent.ReachableMember reachable:
                _unreachable.Remove(reachable.Member.Address);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Every member: a static ring's in topology order, then any other the cluster knows; a DNS ring's by address.</summary>
    public IReadOnlyList<RingMemberState> Rows()
    {
        var rows = new List<RingMemberState>();
        var matched = new HashSet<Address>();
        if (ring.Dns is null)
        {
            foreach (var member in topology.MembersOf(ring))
            {
                var address = _members.Keys.FirstOrDefault(a => Matches(a, member));
                if (address is not null)
                {
                    matched.Add(address);
                }
                rows.Add(Row(member.Id, member.Url, address));
            }
        }
        foreach (var address in _members.Keys.Where(a => !matched.Contains(a)).OrderBy(a => a.ToString(), StringComparer.Ordinal))
        {
            rows.Add(Row(DnsId(address), DnsUrl(address), address));
        }
        return rows;
    }

    private RingMemberState Row(string id, Uri? url, Address? address)
    {
        if (address is null || !_members.TryGetValue(address, out var status))
        {
            return new RingMemberState(id, url, "absent", false, false);
        }
        bool reachable = !_unreachable.Contains(address);
        bool up = status is MemberStatus.Up or MemberStatus.WeaklyUp && reachable;
        string state = !reachable && status != MemberStatus.Removed ? "unreachable" : StateOf(status);
        return new RingMemberState(id, url, state, up, address.Equals(self));
    }

    private string? Named(Address address) =>
        ring.Dns is null ? topology.MembersOf(ring).FirstOrDefault(m => Matches(address, m))?.Id : null;

    private static bool Matches(Address address, NodeConfig member) =>
        address.Port == member.ClusterPort && string.Equals(address.Host, member.Url.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The HTTP port of a DNS ring's <c>dns = "host:port"</c>.</summary>
    private string? DnsPort => ring.Dns is { } dns ? dns[(dns.LastIndexOf(':') + 1)..] : null;

    /// <summary>A DNS ring's member is named as the Nodes reach it: its address at the ring's HTTP port (else at its cluster port).</summary>
    private string DnsId(Address address) => ClusterHocon.Endpoint(address.Host ?? "", int.Parse(DnsPort ?? address.Port?.ToString(CultureInfo.InvariantCulture) ?? "0", CultureInfo.InvariantCulture));

    private Uri? DnsUrl(Address address) => DnsPort is null ? null : new Uri($"{(tls ? "https" : "http")}://{DnsId(address)}/");

    private static string StateOf(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.WeaklyUp => "weakly up",
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Exiting => "exiting",
        MemberStatus.Down => "down",
        MemberStatus.Removed => "removed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
