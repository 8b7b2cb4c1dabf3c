using System.Collections.Concurrent;
using Aggregator.Shared.Cluster;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The ring members this process shows. On a ring member: its own ring as its Akka.Cluster sees it,
/// written whole by the completeness actor on every cluster event. On a site Node: which members of the
/// ring it forwards to answered <c>/-/healthy</c> at the last probe. Thread-safe.
/// </summary>
internal sealed class MemberStateBoard
{
    private readonly ConcurrentDictionary<string, bool> _up = new(StringComparer.Ordinal);
    private IReadOnlyList<RingMemberState>? _cluster;

    /// <summary>The own ring's members from cluster state; null until the first cluster event (and on a Node).</summary>
    public IReadOnlyList<RingMemberState>? Cluster => Volatile.Read(ref _cluster);

    public void SetCluster(IReadOnlyList<RingMemberState> members) => Volatile.Write(ref _cluster, members);

    /// <summary>Records a probe of an upstream member.</summary>
    public void Record(string member, bool up) => _up[member] = up;

    /// <summary>True or false once probed; null for a member not probed yet.</summary>
    public bool? IsUp(string member) => _up.TryGetValue(member, out var up) ? up : null;
}
