using System.Collections.Concurrent;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// Which ring members this process last found up (its own ring on an Aggregator, the ring it
/// forwards to on a Node), written by whatever watches them (the completeness probes). Thread-safe.
/// </summary>
internal sealed class MemberStateBoard
{
    private readonly ConcurrentDictionary<string, bool> _up = new(StringComparer.Ordinal);

    public void Record(string member, bool up) => _up[member] = up;

    /// <summary>True or false once probed; null for a member not probed yet.</summary>
    public bool? IsUp(string member) => _up.TryGetValue(member, out var up) ? up : null;
}
